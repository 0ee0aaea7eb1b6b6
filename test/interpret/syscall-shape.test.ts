// SYSCALL records are cut against the kernel's field list (syscall-fields.ts)
// and the credentials-to-key stretch printed before is replayed; a record
// that departs from the list anywhere goes to the general loop. Records that
// depart at each field (missing, doubled, swapped, an extra field, a comma,
// a quote, an empty value, two spaces), odd values, node= prefixes and
// ENRICHED tails, each next to a kernel-shaped record with the same
// credentials (so the replayed stretch is on hand), are printed as ausearch
// -i prints them, run live on the same log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createInterpretedFormatter } from '../../src/interpret/index.js';
import { ausearchOn, blocksBySerial, haveAusearch, hostOptions, parseLog } from './live.js';

const NAMES = ['arch', 'syscall', 'success', 'exit', 'a0', 'a1', 'a2', 'a3', 'items', 'ppid', 'pid', 'auid', 'uid', 'gid', 'euid', 'suid', 'fsuid', 'egid', 'sgid', 'fsgid', 'tty', 'ses', 'comm', 'exe', 'key'];
const VALUES = ['c000003e', '257', 'yes', '3', 'ffffff9c', '7ffd1c2a3e40', '80000', '0', '1', '812', '913', '1001', '1001', '1001', '1001', '1001', '1001', '1001', '1001', '1001', '(none)', '4', '"cat"', '"/usr/bin/cat"', '"files"'];
const BASE: Array<[string, string]> = NAMES.map((n, i) => [n, VALUES[i] as string]);

const body = (fields: ReadonlyArray<readonly [string, string]>): string => fields.map(([n, v]) => `${n}=${v}`).join(' ');

/** Bodies that depart from the kernel's shape at field `i`. */
function departures(i: number): string[] {
  const f = BASE[i] as [string, string];
  const with_ = (v: string): string => body(BASE.map((g, j) => (j === i ? [g[0], v] : g)));
  const out = [
    body(BASE.filter((_, j) => j !== i)),
    body([...BASE.slice(0, i + 1), f, ...BASE.slice(i + 1)]),
    body([...BASE.slice(0, i + 1), ['zz', '1'], ...BASE.slice(i + 1)]),
    with_(`${f[1]},9`),
    with_(''),
    with_(`"${f[1].replace(/"/g, '')}"`),
    body(BASE.slice(0, i)) + (i > 0 ? '  ' : '') + body(BASE.slice(i)),
  ];
  if (i + 1 < BASE.length) out.push(body([...BASE.slice(0, i), BASE[i + 1] as [string, string], f, ...BASE.slice(i + 2)]));
  return out;
}

const ODD: ReadonlyArray<readonly [string, string]> = [
  ['arch', 'deadbeef'],
  ['arch', 'x86'],
  ['arch', '40000003'],
  ['syscall', '1234567890'],
  ['syscall', '99999'],
  ['syscall', '3a'],
  ['exit', '-2'],
  ['exit', '-13'],
  ['exit', 'x'],
  ['success', 'a0=5'],
  ['exit', 'a1=7'],
  ['a0', '1ffffffffffffffff'],
  ['a1', 'a1=3'],
  ['a2', '1b6'],
  ['uid', '4294967295'],
  ['uid', '12x'],
  ['gid', '65534'],
  ['ses', '4294967295'],
  ['tty', 'pts0'],
  ['comm', '636174206D65'],
  ['comm', '"a b"'],
  ['comm', "'cat'"],
  ['comm', '"cat"x'],
  ['exe', '(null)'],
  ['exe', '"/usr/bin/cat'],
  ['key', '(null)'],
  ['key', '6B310A6B32'],
  ['key', `${Buffer.from('k1\x01k2', 'latin1').toString('hex').toUpperCase()}`],
  ['key', '"a,b"'],
  ['key', '"files" '],
];

const set = (values: Readonly<Record<string, string>>): string => body(BASE.map(([n, v]) => [n, values[n] ?? v]));

/**
 * i386 socketcall, open with O_CREAT, prctl: names and arguments that read
 * a0/a1 — also where ausearch finds a0= or a1= inside an earlier value.
 */
const ARGS: readonly string[] = [
  set({ arch: '40000003', syscall: '102', a0: '1' }),
  set({ arch: '40000003', syscall: '102', success: 'a0=3', a0: '1' }),
  set({ syscall: '2', a1: '241', a2: '1b6' }),
  set({ syscall: '2', exit: 'a1=241', a1: '0', a2: '1b6' }),
  set({ syscall: '2', a0: 'a1=241', a1: '0', a2: '1b6' }),
  set({ syscall: '157', a0: '17', a1: 'c' }),
];

const shaped = body(BASE);
const withSubj = body([...BASE.slice(0, -1), ['subj', 'unconfined'], BASE[BASE.length - 1] as [string, string]]);
const withSubjComma = body([...BASE.slice(0, -1), ['subj', 'system_u:system_r:kernel_t:s0-s0:c0,c5'], BASE[BASE.length - 1] as [string, string]]);
const noExit = body(BASE.filter(([n]) => n !== 'success' && n !== 'exit'));

/** A log line per body, each its own event (3 s apart), after `header` (the text before `type=`). */
function lines(bodies: readonly string[], header: (i: number) => string = () => '', sep = ': '): Buffer {
  return Buffer.from(bodies.map((b, i) => `${header(i)}type=SYSCALL msg=audit(${1700000000 + 3 * i}.${String(i % 1000).padStart(3, '0')}:${i + 1})${sep}${b}\n`).join(''), 'latin1');
}

/** What we print for each record of `log` against what ausearch -i printed for it. */
function compare(log: Buffer): { printed: number; mismatches: Array<{ serial: number; ours: string; theirs: string }> } {
  const theirs = blocksBySerial(ausearchOn(log));
  const f = createInterpretedFormatter(hostOptions());
  const mismatches: Array<{ serial: number; ours: string; theirs: string }> = [];
  for (const r of parseLog(log)) {
    const t = theirs.get(r.serial);
    if (t === undefined) continue;
    const o = f.formatRecord(r, r);
    if (o !== t) mismatches.push({ serial: r.serial, ours: o, theirs: t });
  }
  return { printed: theirs.size, mismatches };
}

/** Each body after a kernel-shaped record (the stretch to replay) and again after itself. */
function interleaved(bodies: readonly string[]): string[] {
  return bodies.flatMap((b) => [shaped, b, b]);
}

test('SYSCALL records departing from the kernel shape at each field: as ausearch -i prints them', (t) => {
  if (!haveAusearch()) return t.skip('ausearch not installed');
  const bodies = [shaped, withSubj, withSubjComma, noExit, ...BASE.flatMap((_, i) => departures(i))];
  const { printed, mismatches } = compare(lines(interleaved(bodies)));
  assert.deepEqual(mismatches, []);
  // ausearch drops a few events it cannot parse (no pid=, a bad arch=): most are printed.
  assert.ok(printed > bodies.length * 2, `ausearch printed ${printed} of ${bodies.length * 3}`);
  t.diagnostic(`${printed} records compared`);
});

test('SYSCALL records with odd values and arguments that read a0/a1: as ausearch -i prints them', (t) => {
  if (!haveAusearch()) return t.skip('ausearch not installed');
  const bodies = [...ODD.map(([n, v]) => body(BASE.map((g) => (g[0] === n ? [n, v] : g)))), ...ARGS];
  const { printed, mismatches } = compare(lines(interleaved(bodies)));
  assert.deepEqual(mismatches, []);
  assert.ok(printed > bodies.length * 2, `ausearch printed ${printed} of ${bodies.length * 3}`);
  t.diagnostic(`${printed} records compared`);
});

test('SYSCALL records behind node= prefixes, with odd headers and ENRICHED tails: as ausearch -i prints them', (t) => {
  if (!haveAusearch()) return t.skip('ausearch not installed');
  const bodies = interleaved([shaped, withSubj, noExit]);
  const nodes = ['node=web1 ', 'node=arch=x ', 'node=a(b ', ''];
  const cases: Array<[string, Buffer]> = [
    ['node=', lines(bodies, (i) => nodes[i % nodes.length] as string)],
    ['no space after the colon', lines(bodies, () => '', ':')],
    ['no colon', lines(bodies, () => '', ' ')],
  ];
  const tail = '\x1dARCH=x86_64 SYSCALL=openat AUID="alice" UID="alice" GID="alice" EUID="alice" SUID="alice" FSUID="alice" EGID="alice" SGID="alice" FSGID="alice"';
  const other = '\x1dARCH=x86_64 SYSCALL=openat AUID="bob" UID="unknown(1001)" GID="bob" EUID="bob" SUID="bob" FSUID="bob" EGID="bob" SGID="bob" FSGID="bob"';
  cases.push(['ENRICHED', lines([shaped, `${shaped}${tail}`, `${shaped}${tail}`, `${shaped}${other}`, `${shaped}${tail}`, `${withSubj}${other}`, `${noExit}${tail}`, shaped])]);
  for (const [name, log] of cases) {
    const { printed, mismatches } = compare(log);
    assert.deepEqual(mismatches, [], name);
    assert.ok(printed > 0, name);
  }
});
