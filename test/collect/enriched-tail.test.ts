// The ENRICHED tail auspex writes, against the tails auditd 3.0.9 itself
// wrote into the corpus's enriched.log: every record stripped of its tail and
// enriched again must come back byte for byte. Names as on the machine that
// wrote the corpus (corpus/README.md: uid/gid 0 root, 1001 auditee; gid 42
// is Debian's shadow group, the owner of /etc/shadow there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { EnrichedTail } from '../../src/collect/index.js';
import { isHeaderProblem, parseRecordLine } from '../../src/format/index.js';
import { createFieldInterpreter } from '../../src/interpret/index.js';
import { corpusFile, haveCorpus } from '../helpers/paths.js';

const userNames = new Map([[0, 'root'], [1001, 'auditee']]);
const groupNames = new Map([[0, 'root'], [1001, 'auditee'], [42, 'shadow']]);
const users = { userName: (u: number) => userNames.get(u), groupName: (g: number) => groupNames.get(g) };

test('enriched tails equal auditd 3.0.9\'s on every corpus record', { skip: haveCorpus() ? false : 'corpus not found' }, () => {
  const tail = new EnrichedTail(createFieldInterpreter({ users, escape: 'raw', uringOp: 'number' }));
  const lines = readFileSync(corpusFile('enriched.log'), 'latin1').split('\n').filter((l) => l.length > 0);
  let withTail = 0;
  for (const [i, line] of lines.entries()) {
    const gs = line.indexOf('\x1d');
    const raw = gs < 0 ? line : line.slice(0, gs);
    const r = parseRecordLine(Buffer.from(raw, 'latin1'), { file: 'enriched.log', line: i + 1 });
    assert.ok(!isHeaderProblem(r), `enriched.log:${i + 1} parses`);
    const ours = tail.tailFor(r);
    assert.equal(ours === undefined ? raw : raw + ours, line, `enriched.log:${i + 1}`);
    if (ours !== undefined) withTail++;
  }
  assert.equal(withTail, lines.filter((l) => l.includes('\x1d')).length, 'as many tails as auditd wrote');
});
