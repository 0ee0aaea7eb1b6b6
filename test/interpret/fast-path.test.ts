// The formatter's fast path remembers things across records — field kinds
// per type, printed values by their bytes, whole runs of fields with their
// output — so what it prints for a record must not depend on the records
// before it. Corpus records in log order, in reverse, and each followed by
// near copies of itself (a value changed or made longer, a comma for a
// space, a field more or less at the end: remembered runs almost match),
// all in one buffer as records of a read chunk are: the fast formatter prints exactly what the reference
// path (fieldKind + interpretValue for every field) prints, in every
// --escape mode. The reference path itself is checked against ausearch by
// the other tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isHeaderProblem, parseRecordBytes, type AuditRecord } from '../../src/format/index.js';
import { createInterpretedFormatter, type EscapeMode } from '../../src/interpret/index.js';
import { corpusFile, haveCorpus } from '../helpers/paths.js';
import { compareMadeLog, haveAusearch, hostOptions, type MadeRecord } from './live.js';

/** The value starts (just past '=') in a record line, past its header. */
function valueStarts(line: string): number[] {
  const out: number[] = [];
  const body = line.indexOf('): ');
  for (let i = line.indexOf('=', body); i >= 0; i = line.indexOf('=', i + 1)) out.push(i + 1);
  return out;
}

const next = (c: string): string => {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return String.fromCharCode(48 + ((code - 47) % 10));
  if ((code >= 97 && code < 122) || (code >= 65 && code < 90)) return String.fromCharCode(code + 1);
  return c;
};

/**
 * Near copies of a line: one value changed at its first byte, at its last
 * byte, or one byte longer; the space after it made a comma; a field or a
 * comma added at the end; the last field dropped; arch= dropped.
 */
function nearCopies(line: string, k: number): string[] {
  const starts = valueStarts(line);
  if (starts.length === 0) return [];
  const at = starts[k % starts.length] as number;
  let end = at;
  while (end < line.length && line[end] !== ' ' && line[end] !== ',') end++;
  const copies = [
    `${line.slice(0, at)}${next(line[at] ?? '0')}${line.slice(at + 1)}`,
    `${line.slice(0, at)}${line.slice(at, end)}7${line.slice(end)}`,
    `${line} zz=1`,
    `${line},`,
    line.slice(0, line.lastIndexOf(' ')),
  ];
  if (end > at) copies.push(`${line.slice(0, end - 1)}${next(line[end - 1] as string)}${line.slice(end)}`);
  // Without arch=, SYSCALL and SECCOMP fields read the host's machine, which the first field sets.
  if (line.includes(' arch=')) copies.push(line.replace(/ arch=\S*/, ''));
  if (line[end] === ' ') copies.push(`${line.slice(0, end)},${line.slice(end + 1)}`);
  return copies;
}

function sequence(log: string): string[] {
  const lines = log.split('\n').filter((l) => l.length > 0);
  const out = [...lines, ...[...lines].reverse()];
  // Each copy twice: the second may replay what the first left.
  lines.forEach((line, k) => out.push(line, ...nearCopies(line, k).flatMap((c) => [c, c]), line));
  return out;
}

/** Records parsed from one buffer holding every line. */
function records(lines: readonly string[]): AuditRecord[] {
  const buf = Buffer.from(`${lines.join('\n')}\n`, 'latin1');
  const out: AuditRecord[] = [];
  let start = 0;
  let n = 0;
  while (start < buf.length) {
    const nl = buf.indexOf(10, start);
    const r = parseRecordBytes(buf, start, nl, 'sequence.log', ++n);
    if (!isHeaderProblem(r)) out.push(r);
    start = nl + 1;
  }
  return out;
}

for (const name of ['raw', 'enriched']) {
  test(`${name}.log in order, reversed and with near copies: the fast path prints what the reference path prints`, (t) => {
    if (!haveCorpus()) return t.skip('no ../shared/corpus');
    const recs = records(sequence(readFileSync(corpusFile(`${name}.log`), 'latin1')));
    for (const escape of ['tty', 'raw', 'shell', 'shell_quote'] as EscapeMode[]) {
      const fast = createInterpretedFormatter(hostOptions({ escape }));
      const reference = createInterpretedFormatter(hostOptions({ escape, byteShortcuts: false }));
      for (const r of recs) assert.equal(fast.formatRecord(r, r), reference.formatRecord(r, r), `${escape} ${r.lineNo}: ${r.lineText}`);
    }
    t.diagnostic(`${recs.length} records in each of 4 escape modes`);
  });
}

// A field named key is split at 0x01 after escaping, whatever its kind: in a
// TRUSTED_APP record it is plain escaped, so 0x01 survives only --escape raw.
test('TRUSTED_APP keys holding 0x01, quoted and hex, in every escape mode: as ausearch prints them', (t) => {
  if (!haveAusearch()) return t.skip('ausearch not installed');
  const records: MadeRecord[] = [
    { type: 'TRUSTED_APP', body: 'pid=1 uid=0 key="ab\x01cd" res=1' },
    { type: 'TRUSTED_APP', body: `pid=1 uid=0 key=${Buffer.from('ab\x01cd\x01e', 'latin1').toString('hex').toUpperCase()} res=1` },
    { type: 'SYSCALL', body: 'arch=c000003e syscall=2 success=yes exit=3 a0=1 a1=0 a2=0 a3=0 items=1 ppid=1 pid=2 auid=0 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=1 comm="x" exe="/x" key="k1\x01k2"' },
  ];
  for (const escape of ['tty', 'raw', 'shell', 'shell_quote'] as EscapeMode[]) {
    const { printed, mismatches } = compareMadeLog(records, hostOptions({ escape }), ['--escape', escape]);
    assert.equal(printed, records.length, escape);
    assert.deepEqual(mismatches, [], escape);
  }
});
