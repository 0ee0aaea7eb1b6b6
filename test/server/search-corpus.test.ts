// The API's search over a store of the shared corpus log (CONFIG_CHANGE
// events with keys, user messages with exe, SECCOMP and ANOM records, io_uring
// and BPF), against ausearch run live on the same log: the SQL that narrows
// a search (typed columns for -k/-x/-c on events led by their SYSCALL, the
// record lines for the rest) never drops an event ausearch selects.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { corpusFile, haveCorpus } from '../helpers/paths.js';
import { havePeer, runPeer } from '../helpers/run.js';
import { searchAll, serveLogs } from './serve-fixture.js';
import type { Served } from './serve-fixture.js';

const skip = !haveCorpus() ? 'the shared corpus is not there (../shared/corpus)' : !havePeer('ausearch') ? 'ausearch not installed' : false;
const log = corpusFile('raw.log');
let s: Served | undefined;

before(async () => {
  if (skip === false) s = await serveLogs([log]);
});
after(async () => {
  await s?.close();
});

const idOf = (line: string): string => (/msg=audit\(([0-9.]+:\d+)\)/.exec(line) as RegExpExecArray)[1] as string;

test('searches over the corpus select what ausearch selects', { skip }, async () => {
  const cases: string[][] = [
    ['-k', 'exec'], ['-k', 'identity'], ['-k', 'bpf'], ['-k', 'uring'], ['-k', 'uring', '-w'], ['-k', 'kill9'], ['-k', 'denied'],
    ['-x', 'auditctl'], ['-x', '/usr/sbin/usermod'], ['-x', 'python'], ['-c', 'runuser'], ['-c', 'uring_ops', '-sv', 'no'],
    ['-m', 'CONFIG_CHANGE'], ['-m', 'USER_START,USER_END'], ['-m', 'SECCOMP'], ['-m', 'ANOM_ABEND'], ['-sv', 'no'], ['-ui', '1001'],
    ['-f', '/etc/passwd'], ['-f', 'shadow'], ['-ul', '0', '-k', 'exec'], ['-p', '1'], ['-sc', 'bpf'],
  ];
  for (const criteria of cases) {
    const r = runPeer('ausearch', ['-if', log, '--raw', ...criteria]);
    const want = [...new Set(r.stdout.toString('latin1').split('\n').filter((l) => l.length > 0).map(idOf))].sort();
    const got = await searchAll(s as Served, { q: criteria.join(' ') }, 50);
    assert.deepEqual(got.map((e) => e.id).sort(), want, criteria.join(' '));
  }
});
