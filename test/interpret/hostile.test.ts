// Attacker-shaped records: real corpus records with escape sequences,
// control bytes, quotes, commas, '=' and parentheses put into them, values
// cut short or replaced by odd hex, huge numbers or nothing, ENRICHED tails
// mangled, and plain garbage. Printed exactly as ausearch -i prints them in
// each --escape mode (run live), and never a throw (property test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { corpusFile, haveCorpus } from '../helpers/paths.js';
import { createFieldInterpreter, createInterpretedFormatter, fieldKind, type EscapeMode } from '../../src/interpret/index.js';
import { FIELD_KIND_NAMES } from '../../src/interpret/field-kinds.table.js';
import { compareMadeLog, haveAusearch, hostOptions, parseLog, type MadeRecord } from './live.js';

/** mulberry32: a small seeded generator, so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NASTY = ['\x1b[31m', '\x1b]0;x\x07', '\x01', '\x07', '\t', '\r', '"', "'", ',', '=', '(', ')', ' ', '  ', '\\', '\x9b', '\xff', '$(id)', '`', '|', ';', '{', '}', '\x00', "msg='", 'a1_len=', ',,', '=='];
const VALUES = ['', '0', '-1', 'F', '1B5B33316D', '41424', '00', '0000', '(null', '(x)', '"', '""', '18446744073709551616', '99999999999999999999', 'ffffffffffffffffff', '0x', '-', '+7', ' 7', 'zz', '1D', '01', '7E7F80'];

function mutate(body: string, r: () => number): string {
  let s = body;
  const n = 1 + Math.floor(r() * 3);
  for (let k = 0; k < n; k++) {
    const at = Math.floor(r() * (s.length + 1));
    const what = r();
    if (what < 0.45) s = s.slice(0, at) + (NASTY[Math.floor(r() * NASTY.length)] as string) + s.slice(at);
    else if (what < 0.75) {
      // Replace the value after some '='.
      const eq = s.indexOf('=', at);
      if (eq < 0) continue;
      const sp = s.indexOf(' ', eq);
      s = s.slice(0, eq + 1) + (VALUES[Math.floor(r() * VALUES.length)] as string) + (sp < 0 ? '' : s.slice(sp));
    } else if (what < 0.9) s = s.slice(0, at);
    else s = s.slice(0, at) + s.slice(at, at + 40) + s.slice(at);
  }
  return s.replace(/\n/g, '');
}

function corpusBodies(): MadeRecord[] {
  const out: MadeRecord[] = [];
  for (const name of ['raw', 'enriched']) {
    for (const rec of parseLog(readFileSync(corpusFile(`${name}.log`)))) {
      const line = rec.lineText;
      out.push({ type: rec.typeName, body: line.slice(line.indexOf('): ') + 3) });
    }
  }
  return out;
}

export function hostileRecords(seed: number, count: number): MadeRecord[] {
  const r = rng(seed);
  const bodies = corpusBodies();
  const out: MadeRecord[] = [];
  for (let i = 0; i < count; i++) {
    const base = bodies[Math.floor(r() * bodies.length)] as MadeRecord;
    out.push({ type: base.type, body: mutate(base.body, r) });
  }
  // Garbage bodies, under record types of every kind.
  for (let i = 0; i < 200; i++) {
    const len = Math.floor(r() * 120);
    let body = '';
    for (let k = 0; k < len; k++) {
      const c = Math.floor(r() * 256);
      body += c === 10 ? ' ' : String.fromCharCode(c);
    }
    out.push({ type: (bodies[Math.floor(r() * bodies.length)] as MadeRecord).type, body });
  }
  return out;
}

for (const escape of ['tty', 'raw', 'shell', 'shell_quote'] as const) {
  test(`mangled corpus records and garbage, --escape ${escape}: as ausearch prints them`, (t) => {
    if (!haveCorpus()) return t.skip('no ../shared/corpus');
    if (!haveAusearch()) return t.skip('ausearch not installed');
    const records = hostileRecords(0x5eed + escape.length, 2500);
    const { printed, mismatches } = compareMadeLog(records, hostOptions({ escape, uringOp: 'number' }), ['--escape', escape]);
    assert.ok(printed > records.length / 2, `ausearch printed ${printed} of ${records.length}`);
    assert.deepEqual(mismatches.slice(0, 3), []);
    t.diagnostic(`${printed} records printed and compared`);
  });
}

test('a file name with escape sequences comes out escaped', (t) => {
  if (!haveAusearch()) return t.skip('ausearch not installed');
  const name = Buffer.from('/tmp/\x1b[2J\x1b]0;pwned\x07evil', 'latin1').toString('hex').toUpperCase();
  const records: MadeRecord[] = [{ type: 'PATH', body: `item=0 name=${name} inode=1 dev=00:00 mode=0100644 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL` }];
  const { printed, mismatches } = compareMadeLog(records, hostOptions());
  assert.equal(printed, 1);
  assert.deepEqual(mismatches, []);
  const [rec] = parseLog(Buffer.from(`type=PATH msg=audit(1.000:1): ${records[0]?.body}\n`, 'latin1'));
  const line = createInterpretedFormatter(hostOptions()).formatRecord(rec as never, rec as never);
  assert.ok(!/[\x00-\x09\x0b-\x1f]/.test(line), 'no control byte reaches the terminal');
  assert.match(line, /name=\/tmp\/\\033\[2J\\033\]0;pwned\\007evil /);
});

// Any text at all: the formatter and the field interpreter return text, never throw.
const kinds = Object.keys(FIELD_KIND_NAMES);
const anyByte = fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c === 10 ? 32 : c));
const latin1Text = fc.array(anyByte, { maxLength: 300 }).map((a) => a.join(''));

test('never throws on arbitrary record text (property)', () => {
  const modes: EscapeMode[] = ['tty', 'raw', 'shell', 'shell_quote'];
  const formatters = modes.map((escape) => createInterpretedFormatter({ escape }));
  fc.assert(
    fc.property(fc.constantFrom('SYSCALL', 'EXECVE', 'PATH', 'SOCKADDR', 'USER_TTY', 'TTY', 'TRUSTED_APP', 'UNKNOWN[9999]', 'AVC', 'X'), latin1Text, fc.option(latin1Text), fc.option(fc.string({ maxLength: 20 })), fc.nat(), (type, body, tail, node, sec) => {
      const text = `type=${type} msg=audit(${sec}.001:7): ${body}`;
      const line = Buffer.from(tail === null ? text : `${text}\x1d${tail}`, 'latin1');
      const record = { typeName: type, line, messageEnd: text.length, interp: tail ?? undefined };
      for (const f of formatters) {
        const out = f.formatRecord(record, { node: node ?? undefined, sec, milli: 1, serial: 7 });
        assert.equal(typeof out, 'string');
      }
    }),
    { numRuns: 3000 },
  );
});

test('interpretField: every kind, arbitrary values, never throws (property)', () => {
  const fi = createFieldInterpreter();
  const names = kinds.flatMap((k) => FIELD_KIND_NAMES[k as keyof typeof FIELD_KIND_NAMES]);
  fc.assert(
    fc.property(fc.constantFrom(...names, 'a0', 'a3', 'foo'), latin1Text, fc.constantFrom('SYSCALL', 'EXECVE', 'PATH', 'SECCOMP', 'AVC', 1300, 9999), fc.record({ arch: fc.constantFrom('c000003e', '40000003', 'zz'), syscall: fc.constantFrom('2', '102', '157', '72', '54', 'x'), a0: latin1Text, a1: latin1Text }), (name, value, type, context) => {
      const out = fi.interpretField(type, name, value, context);
      assert.equal(typeof out, 'string');
      assert.equal(typeof fieldKind(1300, name, value), 'string');
    }),
    { numRuns: 5000 },
  );
});
