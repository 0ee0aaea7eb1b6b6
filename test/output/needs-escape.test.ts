// needsEscape (the byte check the default format runs before writing a record
// as it is, four bytes at a time in tty mode) says exactly whether
// escapeForTerminal would change the text: for every mode, on random bytes at
// every offset and length within a larger buffer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { escapeForTerminal, needsEscape } from '../../src/output/index.js';
import type { EscapeMode } from '../../src/output/index.js';

const MODES: readonly EscapeMode[] = ['raw', 'tty', 'shell', 'shell_quote'];
const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0x1e, max: 0x22 }), fc.integer({ min: 0x7e, max: 0x81 }));

test('needsEscape agrees with escapeForTerminal', () => {
  fc.assert(
    fc.property(fc.array(byte, { maxLength: 80 }), fc.nat(80), fc.nat(80), (bytes, a, b) => {
      const buf = Buffer.from(bytes);
      const start = Math.min(a, buf.length);
      const end = Math.max(start, Math.min(b, buf.length));
      const text = buf.toString('latin1', start, end);
      for (const mode of MODES) assert.equal(needsEscape(buf, start, end, mode), escapeForTerminal(text, mode) !== text, mode);
    }),
    { numRuns: 2000 },
  );
});
