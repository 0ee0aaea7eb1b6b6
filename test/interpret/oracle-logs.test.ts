// Logs from other projects' test suites (go-libaudit, audit-userspace's
// auparse tests: RHEL/Ubuntu records, AVCs, node= prefixes, PAM messages,
// long EXECVEs) read at run time: every record ausearch -i prints, run live
// on the same file, comes out of the formatter line for line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { oraclesDir } from '../helpers/paths.js';
import { ausearchOn, compareByKey, haveAusearch, hostOptions, linesByKey, ourLinesByKey, parseLog } from './live.js';

const dirs = [join(oraclesDir, 'go-libaudit', 'auparse', 'testdata'), join(oraclesDir, 'audit-userspace', 'auparse-test')];
const files = dirs.flatMap((d) => (existsSync(d) ? readdirSync(d).filter((f) => f.endsWith('.log')).map((f) => join(d, f)) : []));

test('oracle logs are there', (t) => {
  if (files.length === 0) t.skip('no ../shared/oracles logs');
});

for (const file of files) {
  test(`${file.slice(oraclesDir.length + 1)}: records as ausearch -i prints them`, (t) => {
    if (!haveAusearch()) return t.skip('ausearch not installed');
    const log = readFileSync(file);
    const theirs = linesByKey(ausearchOn(log));
    const ours = ourLinesByKey(parseLog(log), hostOptions({ uringOp: 'number' }));
    const { diffs, compared } = compareByKey(ours, theirs);
    assert.deepEqual(diffs.slice(0, 3), []);
    t.diagnostic(`${compared} lines compared`);
  });
}
