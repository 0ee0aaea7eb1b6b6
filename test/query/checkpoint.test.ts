// --checkpoint against ausearch 3.0.9 run live: the checkpoint file written
// (byte for byte), the events printed on a first run, on a second run, after
// the log grew, with a filter and with -ts checkpoint, the exit codes 10/12
// and their messages. auspex's side runs the query and CheckpointRun the way
// search does: events come from the assembler without the end-of-input flush
// (ausearch leaves incomplete events for the next run when checkpointing).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isHeaderProblem, parseRecordLine } from '../../src/format/index.js';
import { EventAssembler } from '../../src/events/index.js';
import type { AuditEvent } from '../../src/events/index.js';
import { compileCriteria, parseSearchArgs } from '../../src/query/index.js';
import { CheckpointRun, formatCheckpoint, loadCheckpoint, parseCheckpoint } from '../../src/cli/search-checkpoint.js';
import { corpusFile, haveCorpus } from '../helpers/paths.js';
import { AUSEARCH, haveAusearch, localEnv } from './oracle.js';

const dir = mkdtempSync(join(tmpdir(), 'auspex-query-checkpoint-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = (name: string): string => join(dir, `${n++}-${name}`);

/** raw.log's lines with event k moved to corpus time + 60k s, so that events complete by time. */
function spreadLines(): string[] {
  const lines = readFileSync(corpusFile('raw.log'), 'latin1').split('\n').filter((l) => l.length > 0);
  const order = new Map<number, number>();
  return lines.map((l) => l.replace(/msg=audit\((\d+)\.(\d+):(\d+)\)/, (_a, sec: string, milli: string, serial: string) => {
    if (!order.has(Number(serial))) order.set(Number(serial), order.size);
    return `msg=audit(${Number(sec) + (order.get(Number(serial)) ?? 0) * 60}.${milli}:${serial})`;
  }));
}

interface Run {
  readonly code: number;
  readonly serials: number[];
  readonly stderr: string;
}

function ausearchRun(log: string, args: readonly string[]): Run {
  const r = spawnSync(AUSEARCH, ['-if', log, ...args], { encoding: 'latin1', env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' } });
  const serials = r.stdout.split('----\n').slice(1).map((b) => Number(/msg=audit\([^)]*:(\d+)\)/.exec(b)?.[1]));
  return { code: r.status ?? -1, serials, stderr: r.stderr };
}

/** What `auspex search -if LOG ARGS` does with the checkpoint, without printing events. */
function auspexRun(log: string, args: readonly string[]): Run {
  const parsed = parseSearchArgs(['-if', log, ...args], localEnv());
  assert.equal(parsed.kind, 'ok');
  if (parsed.kind !== 'ok') throw new Error('unreachable');
  const o = parsed.options;
  const cpPath = o.input.checkpoint as string;
  const load = loadCheckpoint(cpPath);
  if (load.kind === 'error') return { code: load.exitCode, serials: [], stderr: load.stderr };
  const run = new CheckpointRun(cpPath, load, o.input.checkpointTimeOnly);
  const events: AuditEvent[] = [];
  const a = new EventAssembler({ policy: 'ausearch', timeoutSec: 2, maxInFlight: 100000, onEvent: (e) => events.push(e) });
  readFileSync(log, 'latin1').split('\n').forEach((line, i) => {
    if (line.length === 0) return;
    const r = parseRecordLine(Buffer.from(line, 'latin1'), { file: log, line: i + 1 });
    if (!isHeaderProblem(r)) a.push(r);
  });
  const match = compileCriteria(o.criteria, { users: localEnv().users, format: o.output.format });
  const serials: number[] = [];
  let stderr = '';
  let code = 0;
  for (const e of events) {
    if (match(e)) {
      const d = run.decide(e);
      if (d.kind === 'output') serials.push(e.serial);
      else if (d.kind === 'corrupted') {
        stderr += d.stderr;
        code = 10;
        break;
      }
      if (o.justOne) break;
    }
    run.remember(e);
  }
  run.fileRead(log);
  const fin = run.finish(code);
  stderr += fin.stderr;
  code = fin.exitCode ?? code;
  if (code === 0 && serials.length === 0) {
    stderr += '<no matches>\n';
    code = 1;
  }
  return { code, serials, stderr };
}

function skipReason(): string | undefined {
  if (!haveCorpus()) return 'corpus not found beside the repository';
  if (!haveAusearch()) return 'ausearch not installed';
  return undefined;
}

/** Runs both on the same log with their own checkpoint files; returns them for the next step. */
function both(log: string, args: readonly string[], cps: { peer: string; mine: string }, what: string): void {
  const peer = ausearchRun(log, ['--checkpoint', cps.peer, ...args]);
  const mine = auspexRun(log, ['--checkpoint', cps.mine, ...args]);
  assert.deepEqual(mine, peer, what);
  let peerFile: string | undefined;
  let mineFile: string | undefined;
  try {
    peerFile = readFileSync(cps.peer, 'latin1');
  } catch {
    peerFile = undefined;
  }
  try {
    mineFile = readFileSync(cps.mine, 'latin1');
  } catch {
    mineFile = undefined;
  }
  assert.equal(mineFile, peerFile, `${what}: checkpoint file`);
}

const SCENARIOS: ReadonlyArray<readonly [string, readonly string[], readonly string[]]> = [
  ['no criteria', [], []],
  ['-k filter (the checkpointed event does not match: corrupted on the next run)', ['-k', 'files'], ['-k', 'files']],
  ['-m filter', ['-m', 'SYSCALL'], ['-m', 'SYSCALL']],
  ['-ts checkpoint on the second run', [], ['-ts', 'checkpoint']],
  ['-ts checkpoint with a filter', ['-k', 'exec'], ['-ts', 'checkpoint', '-k', 'exec']],
  ['--just-one', ['--just-one'], ['--just-one']],
];

for (const [what, first, second] of SCENARIOS) {
  test(`checkpoint: ${what}`, (t) => {
    const why = skipReason();
    if (why !== undefined) return t.skip(why);
    const lines = spreadLines();
    const log = fresh('audit.log');
    const cps = { peer: fresh('peer.cp'), mine: fresh('mine.cp') };
    writeFileSync(log, `${lines.slice(0, 500).join('\n')}\n`, 'latin1');
    both(log, first, cps, 'first run');
    both(log, second, cps, 'same log again');
    appendFileSync(log, `${lines.slice(500).join('\n')}\n`, 'latin1');
    both(log, second, cps, 'after the log grew');
  });
}

test('checkpoint: a checkpoint older than complete events is corrupted (exit 12)', (t) => {
  const why = skipReason();
  if (why !== undefined) return t.skip(why);
  const log = fresh('audit.log');
  writeFileSync(log, `${spreadLines().join('\n')}\n`, 'latin1');
  const st = statSync(log, { bigint: true });
  const text = formatCheckpoint(st.dev, st.ino, { node: undefined, sec: 1795447000, milli: 5, serial: 7, type: 1300 });
  const cps = { peer: fresh('peer.cp'), mine: fresh('mine.cp') };
  writeFileSync(cps.peer, text);
  writeFileSync(cps.mine, text);
  both(log, [], cps, 'old checkpoint');
});

const BAD_FILES: ReadonlyArray<readonly [string, string]> = [
  ['empty', ''],
  ['unknown line', 'dev=0xFE00\ninode=5\nbogus\n'],
  ['empty line', 'dev=0xFE00\n\ninode=5\n'],
  ['no inode', 'dev=0xFE00\n'],
  ['zero dev', 'dev=0x0\ninode=5\n'],
  ['output without a space', 'dev=0xFE00\ninode=5\noutput=-\n'],
  ['output with a bad event', 'dev=0xFE00\ninode=5\noutput=node1 12.3\n'],
  ['dev out of range', 'dev=0x1FFFFFFFFFFFFFFFFF\ninode=5\n'],
  ['inode out of range', 'dev=0xFE00\ninode=99999999999999999999999\n'],
  ['a line longer than the read buffer', `dev=0xFE00\ninode=5\noutput=- 1.000:1 0x${'0'.repeat(1100)}1\n`],
];

for (const [what, content] of BAD_FILES) {
  test(`checkpoint file: ${what} (exit 10)`, (t) => {
    const why = skipReason();
    if (why !== undefined) return t.skip(why);
    const cp = fresh('bad.cp');
    writeFileSync(cp, content, 'latin1');
    const peer = ausearchRun(corpusFile('raw.log'), ['--checkpoint', cp]);
    const mine = auspexRun(corpusFile('raw.log'), ['--checkpoint', cp]);
    assert.deepEqual(mine, peer);
    assert.equal(peer.code, 10);
  });
}

test('checkpoint file: a directory reads as empty (exit 10)', (t) => {
  const why = skipReason();
  if (why !== undefined) return t.skip(why);
  const cp = fresh('dir.cp');
  mkdirSync(cp);
  assert.deepEqual(auspexRun(corpusFile('raw.log'), ['--checkpoint', cp]), ausearchRun(corpusFile('raw.log'), ['--checkpoint', cp]));
});

test('checkpoint: ausearch\'s file reads back and prints the same', (t) => {
  const why = skipReason();
  if (why !== undefined) return t.skip(why);
  const log = fresh('audit.log');
  writeFileSync(log, `${spreadLines().join('\n')}\n`, 'latin1');
  const cp = fresh('peer.cp');
  ausearchRun(log, ['--checkpoint', cp]);
  const text = readFileSync(cp, 'latin1');
  const r = parseCheckpoint(text, cp);
  assert.ok(r.ok);
  if (r.ok) assert.equal(formatCheckpoint(r.data.dev, r.data.ino, r.data.last), text);
});

test('checkpoint: rotated logs start from the checkpointed file', () => {
  const files = [{ dev: 1n, ino: 10n }, { dev: 1n, ino: 11n }, { dev: 1n, ino: 12n }];
  const data = { dev: 1n, ino: 11n, last: { node: undefined, sec: 5, milli: 0, serial: 1, type: 1300 } };
  assert.equal(new CheckpointRun('x', { kind: 'loaded', data }, false).startIndex(files), 1);
  assert.equal(new CheckpointRun('x', { kind: 'loaded', data }, true).startIndex(files), 2, '-ts checkpoint reads them all');
  assert.equal(new CheckpointRun('x', { kind: 'loaded', data: { ...data, ino: 99n } }, false).startIndex(files), 'missing');
  assert.equal(new CheckpointRun('x', { kind: 'absent' }, false).startIndex(files), 2);
});
