// The field interpreter (for JSON and CSV output) gives each field of the
// corpus records the value ausearch -i printed for it in the references.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseFields } from '../../src/format/index.js';
import { createFieldInterpreter, createInterpretedFormatter } from '../../src/interpret/index.js';
import { corpusFile, haveCorpus } from '../helpers/paths.js';
import { ausearchOn, haveAusearch, haveAuditee, hostOptions, linesByKey, parseLog } from './live.js';

for (const name of ['raw', 'enriched']) {
  test(`${name}.log: interpretFields matches the -i reference, field by field`, (t) => {
    if (!haveCorpus()) return t.skip('no ../shared/corpus');
    if (name === 'raw' && !haveAuditee()) return t.skip('uid 1001 is not `auditee` on this machine (getent passwd 1001)');
    // The -i line of each record: the formatter's, which corpus.test.ts shows equal to the reference.
    const reference = linesByKey(readFileSync(corpusFile(`${name}.ausearch-i.txt`), 'latin1'));
    const formatter = createInterpretedFormatter(hostOptions({ uringOp: 'number' }));
    const fi = createFieldInterpreter(hostOptions({ uringOp: 'number' }));
    let checked = 0;
    for (const r of parseLog(readFileSync(corpusFile(`${name}.log`)))) {
      // User messages are split differently by -i (msg='...'); kernel records field by field.
      if (r.body.includes("msg='")) continue;
      const line = formatter.formatRecord(r, r).replace(/\n$/, '');
      assert.ok(reference.get(`${r.node ?? ''}:${r.serial}`)?.includes(line), `${r.file}:${r.lineNo} is in the reference`);
      const fields = parseFields(r.body, r.type);
      const values = fi.interpretFields(r, fields);
      fields.forEach((f, i) => {
        if (f.name === 'key' && (values[i] ?? '').includes('\x01')) return;
        assert.ok(line.includes(` ${f.name}=${values[i]} `) || line.includes(`: ${f.name}=${values[i]} `), `${r.file}:${r.lineNo} ${f.name}=${values[i]} in ${line}`);
        checked++;
      });
    }
    t.diagnostic(`${checked} fields`);
  });
}

test('interpretField on its own: context from arch, syscall and a0/a1, as ausearch -i prints it', (t) => {
  if (!haveAusearch()) return t.skip('ausearch not installed');
  const body = 'arch=c000003e syscall=257 success=yes exit=3 a0=ffffff9c a1=7ffd1234 a2=80241 a3=1a4 items=1 ppid=1 pid=2 auid=1001 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=1 comm="x" exe="/x" key=(null)';
  const line = ausearchOn(Buffer.from(`type=SYSCALL msg=audit(1700000000.000:1): ${body}\n`)).split('\n')[1] ?? '';
  const fi = createFieldInterpreter(hostOptions());
  const ctx = { arch: 'c000003e', syscall: '257', a0: 'ffffff9c', a1: '7ffd1234' };
  for (const f of body.split(' ')) {
    const [name, value] = f.split('=') as [string, string];
    assert.ok(line.includes(` ${name}=${fi.interpretField('SYSCALL', name, value, ctx)} `), `${name}=${value} in ${line}`);
    assert.equal(fi.interpretField(1300, name, value, ctx), fi.interpretField('SYSCALL', name, value, ctx));
  }
});
