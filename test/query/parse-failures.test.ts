// Each way ausearch 3.0.9's record parsers skip an event (parse-failure-cases.ts),
// against ausearch run live with --debug on a log holding the crafted record
// after an intact corpus event: ausearch must report the case's code (so the
// record reaches the intended check), and auspex must select the same events
// and print the same --debug lines and sockaddr warnings (the record as
// ausearch prints it there: cut where its parser wrote a NUL to read a
// number it then found out of range).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusFile, haveCorpus } from '../helpers/paths.js';
import { compileCriteria, parseSearchArgs } from '../../src/query/index.js';
import { ausearch, eventsOf, haveAusearch, localEnv } from './oracle.js';
import { FAILURE_CASES } from './parse-failure-cases.js';
import type { Bodies } from './parse-failure-cases.js';

const STAMP = '1795447653.195';
const INTACT_SERIAL = 1001;
const CRAFTED_SERIAL = 1002;

function corpusBodies(): Bodies {
  const lines = readFileSync(corpusFile('raw.log'), 'latin1').split('\n');
  const body = (type: string): string => {
    const line = lines.find((l) => l.startsWith(`type=${type} `));
    assert.ok(line !== undefined, `the corpus has a ${type} record`);
    return line.slice(line.indexOf('): ') + 3);
  };
  return {
    SYSCALL: body('SYSCALL'), PATH: body('PATH'), CWD: body('CWD'), CONFIG_CHANGE: body('CONFIG_CHANGE'),
    USER_AUTH: body('USER_AUTH'), LOGIN: body('LOGIN'), SECCOMP: body('SECCOMP'), ANOM_ABEND: body('ANOM_ABEND'),
  };
}

let bodies: Bodies | undefined;

for (const c of FAILURE_CASES) {
  const expect = c.rc === 0 ? 'kept' : `rc=${c.rc}`;
  test(`${c.parser} ${expect}: ${c.type} ${c.what}${c.args.length > 0 ? ` (${c.args.join(' ')})` : ''}`, (t) => {
    if (!haveCorpus()) return t.skip('corpus not found beside the repository');
    if (!haveAusearch()) return t.skip('ausearch not installed');
    bodies ??= corpusBodies();
    const dir = mkdtempSync(join(tmpdir(), 'auspex-parse-failure-'));
    try {
      const path = join(dir, 'case.log');
      const intact = `type=SYSCALL msg=audit(${STAMP}:${INTACT_SERIAL}): ${bodies.SYSCALL}`;
      const crafted = `type=${c.type} msg=audit(${STAMP}:${CRAFTED_SERIAL}): ${c.body(bodies)}`;
      writeFileSync(path, `${intact}\n${crafted}\n`, 'latin1');
      const argv = ['--debug', ...c.args];
      const peer = ausearch(path, argv);
      if (c.rc === 0) assert.doesNotMatch(peer.stderr, /Malformed event skipped/, 'ausearch keeps the event');
      else assert.match(peer.stderr, new RegExp(`Malformed event skipped, rc=${c.rc}\\. `), `ausearch skips the record with rc=${c.rc}:\n${peer.stderr}`);

      const env = localEnv();
      const parse = parseSearchArgs(['-if', path, ...argv], env);
      assert.equal(parse.kind, 'ok');
      if (parse.kind !== 'ok') return;
      let stderr = '';
      const match = compileCriteria(parse.options.criteria, {
        users: env.users,
        format: parse.options.output.format,
        debug: (s) => { stderr += s; },
        warn: (s) => { stderr += s; },
      });
      const selected = eventsOf(path).filter(match).map((e) => e.serial);
      assert.deepEqual(selected, peer.serials, 'the same events are selected');
      assert.equal(stderr + (selected.length === 0 ? '<no matches>\n' : ''), peer.stderr, 'the same --debug lines and warnings');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
