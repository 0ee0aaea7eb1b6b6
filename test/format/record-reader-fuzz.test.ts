// Hostile input never throws and every byte is accounted for: what became a
// record, what was reported and skipped, and blank lines add up to the input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { RecordReader } from '../../src/format/index.js';
import type { AuditRecord, Diagnostic } from '../../src/format/index.js';
import { EventAssembler } from '../../src/events/index.js';
import { corpusFile, haveCorpus } from '../helpers/paths.js';

function feed(chunks: readonly Uint8Array[], maxLineBytes: number): { records: AuditRecord[]; diags: Diagnostic[]; reader: RecordReader; events: number } {
  const records: AuditRecord[] = [];
  const diags: Diagnostic[] = [];
  let events = 0;
  let assembled = 0;
  const assembler = new EventAssembler({
    policy: 'ausearch',
    timeoutSec: 2,
    maxInFlight: 50,
    onEvent: (e) => {
      events++;
      assembled += e.records.length;
    },
  });
  const reader = new RecordReader({
    file: 'fuzz.log',
    maxLineBytes,
    onRecord: (r) => {
      records.push(r);
      assembler.push(r);
    },
    onDiagnostic: (d) => diags.push(d),
  });
  for (const c of chunks) reader.push(Buffer.from(c));
  reader.end();
  assembler.flush();
  assert.equal(assembled + assembler.totals.strayEoe, records.length, 'every record leaves the assembler in exactly one event');
  return { records, diags, reader, events };
}

// Real record lines, mutated: the fuzzer's raw material.
const corpusLines = haveCorpus() ? readFileSync(corpusFile('raw.log'), 'latin1').split('\n').slice(0, 200) : ['type=SYSCALL msg=audit(1.002:3): a=b'];
const lineArb = fc.oneof(
  fc.constantFrom(...corpusLines),
  fc.tuple(fc.constantFrom(...corpusLines), fc.nat(), fc.string({ maxLength: 8 })).map(([l, at, junk]) => l.slice(0, at % (l.length + 1)) + junk + l.slice(at % (l.length + 1))),
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
);

test('random and mutated input: no throw, all bytes accounted, all records assembled', () => {
  fc.assert(
    fc.property(fc.array(lineArb, { maxLength: 40 }), fc.boolean(), fc.array(fc.nat(), { maxLength: 8 }), fc.integer({ min: 40, max: 2000 }), (lines, finalNewline, cuts, max) => {
      const data = Buffer.from(lines.join('\n') + (finalNewline ? '\n' : ''), 'latin1');
      const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
      const chunks: Uint8Array[] = [];
      let prev = 0;
      for (const p of points) {
        chunks.push(data.subarray(prev, p));
        prev = p;
      }
      chunks.push(data.subarray(prev));
      const { records, diags, reader, events } = feed(chunks, max);
      const t = reader.totals;
      assert.equal(t.recordBytes + t.skippedBytes + t.blankBytes, data.length);
      assert.equal(t.records, records.length);
      assert.equal(t.problems, diags.length);
      assert.ok(events <= records.length && (records.length === 0 || events > 0));
      for (const d of diags) {
        assert.match(d.excerpt, /^[\x20-\x7e]*$/);
        assert.ok(d.line >= 1);
      }
    }),
    { numRuns: 300 },
  );
});
