// -ts / -te against ausearch 3.0.9 run live, in UTC and in America/New_York.
// The corpus spans two seconds, so each case reads a copy of raw.log whose
// events are moved one minute apart and centred on the instant auspex computes
// for the option: ausearch must split the events at the same place, which
// proves the two agree to within half a minute (a wrong day, hour or DST
// reading moves the split by dozens of events). Keywords run against the real
// clock, as ausearch's do.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusFile, haveCorpus, repoRoot } from '../helpers/paths.js';
import { ianaTimeZone, resolveTime, TIME_KEYWORDS } from '../../src/query/index.js';
import { ausearch, auspexSelect, eventsOf, haveAusearch, localEnv } from './oracle.js';

const dir = mkdtempSync(join(tmpdir(), 'auspex-query-time-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let logNo = 0;

/** raw.log with event k at center + (k - n/2) minutes + 30 s: `center` falls between two events. */
function logAround(centerSec: number): string {
  const lines = readFileSync(corpusFile('raw.log'), 'latin1').split('\n');
  const order = new Map<number, number>();
  for (const l of lines) {
    const m = /msg=audit\(\d+\.\d+:(\d+)\)/.exec(l);
    if (m !== null && !order.has(Number(m[1]))) order.set(Number(m[1]), order.size);
  }
  const half = Math.floor(order.size / 2);
  const out = lines.map((l) => l.replace(/msg=audit\((\d+)\.(\d+):(\d+)\)/, (_all, _sec: string, milli: string, serial: string) =>
    `msg=audit(${centerSec + ((order.get(Number(serial)) ?? 0) - half) * 60 + 30}.${milli}:${serial})`));
  const path = join(dir, `around-${logNo++}.log`);
  writeFileSync(path, out.join('\n'), 'latin1');
  return path;
}

function compare(args: readonly string[], tz: string, centerSec: number): void {
  const path = logAround(centerSec);
  const peer = ausearch(path, args, tz);
  const mine = auspexSelect(eventsOf(path), path, args, localEnv(tz));
  assert.equal(mine.parse.kind, 'ok', mine.parse.kind === 'error' ? mine.parse.stderr : '');
  assert.deepEqual(mine.serials, peer.serials, `TZ=${tz} ausearch ${args.join(' ')}`);
  assert.ok(peer.serials.length > 20 && peer.serials.length < 240, `the split falls inside the log (${peer.serials.length} events)`);
}

/** The instant auspex gives an option's date/time words, to centre the log on. */
function instant(which: 'start' | 'end', tz: string, da: string | undefined, ti: string | undefined): number {
  const r = resolveTime(which, da, ti, localEnv(tz));
  assert.ok(r.ok, r.ok ? '' : r.stderr);
  return r.ok ? r.sec : 0;
}

const ZONES = ['UTC', 'America/New_York'] as const;

function skipReason(): string | undefined {
  if (!haveCorpus()) return 'corpus not found beside the repository';
  if (!haveAusearch()) return 'ausearch not installed';
  return undefined;
}

for (const tz of ZONES) {
  for (const word of TIME_KEYWORDS) {
    test(`-ts ${word} [TZ=${tz}]`, (t) => {
      const why = skipReason();
      if (why !== undefined) return t.skip(why);
      compare(['-ts', word], tz, instant('start', tz, word, '00:00:00'));
    });
    test(`-te ${word} [TZ=${tz}]`, (t) => {
      const why = skipReason();
      if (why !== undefined) return t.skip(why);
      compare(['-te', word], tz, instant('end', tz, word, '00:00:00'));
    });
  }

  // Dates and times relative to today, so the split lies in a log near now.
  const today = new Date(Date.now() - 2 * 86400 * 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const date = `${pad(today.getUTCMonth() + 1)}/${pad(today.getUTCDate())}/${pad(today.getUTCFullYear() % 100)}`;
  const forms: ReadonlyArray<readonly [string, readonly string[], 'start' | 'end', string | undefined, string | undefined]> = [
    ['date time', ['-ts', date, '13:14:15'], 'start', date, '13:14:15'],
    ['time date', ['-ts', '13:14', date], 'start', date, '13:14'],
    ['date only (-ts: midnight)', ['-ts', date], 'start', date, '00:00:00'],
    ['date only (-te: now\'s time of day)', ['-te', date], 'end', date, undefined],
    ['time only (today)', ['-te', '01:02:03'], 'end', undefined, '01:02:03'],
    ['keyword and time', ['-ts', 'yesterday', '06:30'], 'start', 'yesterday', '06:30'],
    ['time and keyword', ['-te', '06:30:01', 'today'], 'end', 'today', '06:30:01'],
    ['now with a time', ['-ts', 'now', '12:00:00'], 'start', 'now', '12:00:00'],
    ['this-month with a time', ['-te', 'this-month', '23:59:59'], 'end', 'this-month', '23:59:59'],
    ['day 31 of a 30-day month rolls over', ['-ts', `${date.slice(0, 2) === '02' ? '04' : '06'}/31/${date.slice(6)}`, '12:00:00'], 'start',
      `${date.slice(0, 2) === '02' ? '04' : '06'}/31/${date.slice(6)}`, '12:00:00'],
  ];
  for (const [what, args, which, da, ti] of forms) {
    test(`${what}: ${args.join(' ')} [TZ=${tz}]`, (t) => {
      const why = skipReason();
      if (why !== undefined) return t.skip(why);
      compare(args, tz, instant(which, tz, da, ti));
    });
  }
}

// Daylight saving changes in New York: 2026-03-08 02:00 EST -> 03:00 EDT,
// 2026-11-01 02:00 EDT -> 01:00 EST. mktime's tm_isdst hint decides.
const DST: ReadonlyArray<readonly [string, readonly string[], 'start' | 'end', string | undefined, string]> = [
  ['a wall time the spring change skips', ['-ts', '03/08/26', '02:30:00'], 'start', '03/08/26', '02:30:00'],
  ['just before the spring change', ['-ts', '03/08/26', '01:59:30'], 'start', '03/08/26', '01:59:30'],
  ['just after the spring change', ['-te', '03/08/26', '03:00:30'], 'end', '03/08/26', '03:00:30'],
  ['the repeated hour of the autumn change', ['-ts', '11/01/26', '01:30:00'], 'start', '11/01/26', '01:30:00'],
  ['after the repeated hour', ['-te', '11/01/26', '02:30:00'], 'end', '11/01/26', '02:30:00'],
  ['midnight of the autumn change day', ['-ts', '11/01/26'], 'start', '11/01/26', '00:00:00'],
  ['midnight of the spring change day', ['-ts', '03/08/26'], 'start', '03/08/26', '00:00:00'],
  ['summer date, winter clock', ['-ts', '07/04/26', '12:00:00'], 'start', '07/04/26', '12:00:00'],
];
for (const [what, args, which, da, ti] of DST) {
  test(`DST: ${what}: ${args.join(' ')} [TZ=America/New_York]`, (t) => {
    const why = skipReason();
    if (why !== undefined) return t.skip(why);
    compare(args, 'America/New_York', instant(which, 'America/New_York', da, ti));
  });
}

test('TZ=:Europe/Berlin (leading colon) and TZ=EST5EDT read as the C library reads them', (t) => {
  const why = skipReason();
  if (why !== undefined) return t.skip(why);
  for (const tz of [':Europe/Berlin', 'EST5EDT']) {
    compare(['-ts', '10/25/26', '02:30:00'], tz, instant('start', tz, '10/25/26', '02:30:00'));
    compare(['-ts', 'this-year'], tz, instant('start', tz, 'this-year', '00:00:00'));
  }
});

test('systemTimeZone follows TZ as the C library does', (t) => {
  const script = `import { systemTimeZone } from ${JSON.stringify(join(repoRoot, 'dist', 'src', 'query', 'index.js'))};
    const z = systemTimeZone(); const out = [];
    for (const s of [1772949600, 1772956800, 1793509200, 1793516400, 1800014400]) { const a = z.at(s); out.push([a.offsetSec, a.isDst]); }
    process.stdout.write(JSON.stringify(out));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, TZ: 'America/New_York' } });
  if (r.status !== 0) return t.skip(`node could not run: ${r.stderr}`);
  const iana = ianaTimeZone('America/New_York');
  const expected = [1772949600, 1772956800, 1793509200, 1793516400, 1800014400].map((s) => {
    const a = iana.at(s);
    return [a.offsetSec, a.isDst];
  });
  assert.deepEqual(JSON.parse(r.stdout), expected);
  assert.deepEqual(expected.map(([o]) => o), [-18000, -14400, -14400, -18000, -18000]);
});
