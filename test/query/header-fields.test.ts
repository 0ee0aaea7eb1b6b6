// SYSCALL's parser looks for arch= (for -i) or syscall= (otherwise) from the
// start of the record, node= prefix included: a node name that holds one is
// read first. auspex starts past the header only when the node cannot hold
// them; these logs make the node's value one ausearch refuses, so an event
// is skipped exactly when the search began at the node. Against ausearch live.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusFile, haveCorpus } from '../helpers/paths.js';
import { auspexSelect, ausearch, eventsOf, haveAusearch, localEnv } from './oracle.js';

const STAMP = '1795447653.195';
// Past 64 bits: strtoul's ERANGE, which makes the parser refuse the record.
const TOO_BIG_HEX = 'f'.repeat(17);
const TOO_BIG_DEC = '9'.repeat(21);

/** Node name, arguments, and whether ausearch skips the event (the node's value read and refused). */
const CASES: ReadonlyArray<readonly [string, readonly string[], boolean]> = [
  [`arch=${TOO_BIG_HEX}`, ['-i'], true],
  [`x.arch=${TOO_BIG_HEX}`, ['-i'], true],
  // arch= is read only for -i, csv and text output.
  [`arch=${TOO_BIG_HEX}`, [], false],
  [`syscall=${TOO_BIG_DEC}`, [], true],
  // After arch= (the body's, read for -i) syscall= is looked for past it.
  [`syscall=${TOO_BIG_DEC}`, ['-i'], false],
  ['host.example', ['-i'], false],
  ['host.example', [], false],
];

for (const [node, args, skipped] of CASES) {
  test(`SYSCALL with node=${node.slice(0, 20)} ${args.join(' ')}: the events ausearch selects`, (t) => {
    if (!haveCorpus()) return t.skip('corpus not found beside the repository');
    if (!haveAusearch()) return t.skip('ausearch not installed');
    const lines = readFileSync(corpusFile('raw.log'), 'latin1').split('\n');
    const line = lines.find((l) => l.startsWith('type=SYSCALL '));
    assert.ok(line !== undefined, 'the corpus has a SYSCALL record');
    const body = line.slice(line.indexOf('): ') + 3);
    const dir = mkdtempSync(join(tmpdir(), 'auspex-header-fields-'));
    try {
      const path = join(dir, 'case.log');
      const log = [
        `node=intact type=SYSCALL msg=audit(${STAMP}:1001): ${body}`,
        `node=${node} type=SYSCALL msg=audit(${STAMP}:1002): ${body}`,
        `type=SYSCALL msg=audit(${STAMP}:1003): ${body}`,
      ];
      writeFileSync(path, `${log.join('\n')}\n`, 'latin1');
      const peer = ausearch(path, args);
      const mine = auspexSelect(eventsOf(path), path, args, localEnv());
      assert.equal(mine.parse.kind, 'ok');
      assert.deepEqual(peer.serials, skipped ? [1001, 1003] : [1001, 1002, 1003], 'ausearch reads the node as the case says');
      assert.deepEqual(mine.serials, peer.serials);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
