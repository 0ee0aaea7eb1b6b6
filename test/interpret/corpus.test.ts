// Every record of the real corpus logs comes out of the -i formatter exactly
// as auditd 3.0.9's `ausearch -i` printed it in the stored references
// (../shared/corpus/NAME.ausearch-i.txt): per event, the same lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { corpusFile, haveCorpus } from '../helpers/paths.js';
import { compareByKey, haveAuditee, hostOptions, linesByKey, ourLinesByKey, parseLog } from './live.js';
import { createInterpretedFormatter } from '../../src/interpret/index.js';

// The io_uring op names the kernel's uapi header gives (the corpus uses old ops only).
const headerOps = [...(/enum io_uring_op \{([\s\S]*?)\};/.exec(readFileSync('/usr/include/linux/io_uring.h', 'utf8'))?.[1] ?? '').matchAll(/IORING_OP_(\w+)/g)].map((m) => m[1] as string);

const logs = [
  // RAW names come from this machine's passwd, as for ausearch.
  { name: 'raw', needsAuditee: true },
  // ENRICHED names come from the log itself.
  { name: 'enriched', needsAuditee: false },
] as const;

for (const { name, needsAuditee } of logs) {
  test(`${name}.log: every record as ausearch -i printed it (uring_op numeric, as 3.0.9)`, (t) => {
    if (!haveCorpus()) return t.skip('no ../shared/corpus');
    if (needsAuditee && !haveAuditee()) return t.skip('uid 1001 is not `auditee` on this machine (getent passwd 1001)');
    const records = parseLog(readFileSync(corpusFile(`${name}.log`)));
    const reference = linesByKey(readFileSync(corpusFile(`${name}.ausearch-i.txt`), 'latin1'));
    const ours = ourLinesByKey(records, hostOptions({ uringOp: 'number' }));
    const { diffs, compared } = compareByKey(ours, reference);
    assert.deepEqual(diffs.slice(0, 3), []);
    assert.equal(compared, records.length, 'every record has its line in the reference');
    t.diagnostic(`${records.length} records byte-identical`);
  });

  test(`${name}.log: uring_op named by default, nothing else changes`, (t) => {
    if (!haveCorpus()) return t.skip('no ../shared/corpus');
    if (needsAuditee && !haveAuditee()) return t.skip('uid 1001 is not `auditee` on this machine (getent passwd 1001)');
    const records = parseLog(readFileSync(corpusFile(`${name}.log`)));
    const named = ourLinesByKey(records, hostOptions());
    const numeric = ourLinesByKey(records, hostOptions({ uringOp: 'number' }));
    let uring = 0;
    for (const [key, lines] of numeric) {
      const other = named.get(key) ?? [];
      lines.forEach((line, i) => {
        const m = / uring_op=(\d+) /.exec(line);
        if (m === null) return assert.equal(other[i], line);
        uring++;
        const op = headerOps[Number(m[1])];
        assert.ok(op !== undefined, `op ${m[1]} in <linux/io_uring.h>`);
        assert.equal(other[i], line.replace(/ uring_op=\d+ /, ` uring_op=${op.toLowerCase()} `));
      });
    }
    assert.ok(uring > 0, 'the corpus has URINGOP records');
  });

  test(`${name}.log: byte shortcuts and the string path print the same`, (t) => {
    if (!haveCorpus()) return t.skip('no ../shared/corpus');
    const records = parseLog(readFileSync(corpusFile(`${name}.log`)));
    for (const escape of ['tty', 'raw'] as const) {
      const fast = createInterpretedFormatter(hostOptions({ escape }));
      const slow = createInterpretedFormatter(hostOptions({ escape, byteShortcuts: false }));
      for (const r of records) assert.equal(fast.formatRecord(r, r), slow.formatRecord(r, r), `${r.file}:${r.lineNo}`);
    }
  });
}
