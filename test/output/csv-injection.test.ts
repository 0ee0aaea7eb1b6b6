// CSV cells are safe to open in a spreadsheet: a cell never starts with a
// formula character (= + - @ TAB CR) and a comma, quote or newline never
// splits a cell. ausearch 3.0.9 prints such cells raw; auspex guards them and
// is otherwise identical to it (checked live on captured records whose
// program, key and path are replaced by the hostile strings the sample log's
// execve carries).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/paths.js';
import { havePeer, runPeer } from '../helpers/run.js';
import { escapeCsvCell } from '../../src/output/index.js';
import { compareCsv, csvCells, runFormat } from '../normalize/harness.js';

const SAMPLE = join(repoRoot, 'data', 'sample', 'audit-raw.log');
const HOSTILE = ['=cmd|" /C calc"!A0', '+1+1', '@SUM(A1)'] as const;
const FORMULA = /^[=+\-@\t\r]/;

const CELLS: ReadonlyArray<readonly [string, string]> = [
  ['=cmd|" /C calc"!A0', `"'=cmd|"" /C calc""!A0"`],
  ['+1+1', "'+1+1"],
  ['@SUM(A1)', "'@SUM(A1)"],
  ['-rf', "'-rf"],
  ['\tx', "'\tx"],
  ['\rx', `"'\rx"`],
  ['a,b', '"a,b"'],
  ['say "hi"', '"say ""hi"""'],
  ['two\nlines', '"two\nlines"'],
  ['/usr/bin/echo', '/usr/bin/echo'],
  ['', ''],
  ['x=1', 'x=1'],
];

for (const [cell, want] of CELLS) {
  test(`escapeCsvCell(${JSON.stringify(cell)})`, () => {
    assert.equal(escapeCsvCell(cell), want);
  });
}

/** Every row as wide as the header, no cell a formula (GMT_OFFSET excepted: auspex writes it, `+HH:MM`, from no log data). */
function assertSafe(csv: string): void {
  const rows = csv.split('\n').filter((r) => r !== '');
  const header = csvCells(rows[0] as string);
  const offset = header.indexOf('GMT_OFFSET');
  for (const row of rows) {
    const cells = csvCells(row);
    assert.equal(cells.length, header.length, `a cell split the row: ${row}`);
    cells.forEach((c, i) => assert.ok(i === offset || !FORMULA.test(c), `cell starts a formula: ${JSON.stringify(c)} in ${row}`));
  }
}

test('no cell of the sample log starts with a formula character or with its hostile arguments', () => {
  const got = runFormat('csv', SAMPLE, ['--extra-keys', '--extra-labels', '--extra-obj2', '--extra-time']);
  assertSafe(got.stdout);
  for (const row of got.stdout.split('\n').filter((r) => r !== '')) {
    for (const c of csvCells(row)) for (const h of HOSTILE) assert.ok(!c.startsWith(h), `${h} starts a cell`);
  }
});

/** The sample log with hostile strings where the CSV prints them: program (HOW), key (KEY, OBJ_PRIME of rule hits), file name. */
function hostileLog(): string {
  const hex = (s: string): string => Buffer.from(s, 'latin1').toString('hex').toUpperCase();
  let exec = 0;
  let rule = 0;
  return readFileSync(SAMPLE, 'latin1')
    .split('\n')
    .map((line) => {
      if (line.includes('exe="/usr/bin/echo"') && exec++ === 2) {
        return line.replace('exe="/usr/bin/echo"', `exe=${hex(HOSTILE[0])}`).replace('key="auspex-test-exec"', `key="${HOSTILE[2]}"`);
      }
      if (line.includes('key="auspex-test-uring"') && rule++ < 2) {
        return line.replace('key="auspex-test-uring"', rule === 1 ? `key="${HOSTILE[1]}"` : 'key="-a,b"');
      }
      if (line.includes('name="/bin/echo"')) return line.replace('name="/bin/echo"', `name=${hex('/tmp/x,=y "z"')}`);
      return line;
    })
    .join('\n');
}

test('hostile programs, keys and paths: cells guarded, rows otherwise as ausearch prints them', (t) => {
  if (!havePeer('ausearch')) return t.skip('ausearch not installed');
  const dir = mkdtempSync(join(tmpdir(), 'auspex-csv-'));
  try {
    const log = join(dir, 'hostile.log');
    writeFileSync(log, hostileLog(), 'latin1');
    const flags = ['--extra-keys', '--extra-obj2'];
    const want = runPeer('ausearch', ['-if', log, '--format', 'csv', ...flags]).stdout.toString('latin1');
    const got = runFormat('csv', log, flags);
    // ausearch prints them raw: formulas and split rows.
    for (const h of HOSTILE) assert.ok(want.includes(`,${h}`), `ausearch printed ${h} raw`);
    assert.ok(want.includes(',/tmp/x,=y "z",'), 'ausearch split the path cell');
    const cmp = compareCsv(want, got.stdout);
    assert.deepEqual(cmp.different, []);
    assert.ok(cmp.escaped.length >= 5, `rows with guarded cells: ${cmp.escaped.length}`);
    assertSafe(got.stdout);
    t.diagnostic(`guarded cells: ${JSON.stringify(cmp.escaped.flatMap((e) => e.cells))}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
