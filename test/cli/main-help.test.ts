// `auspex --help` names every command with its one-line summary, and an
// unknown command gets the same list on stderr with exit code 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runAuspex } from '../helpers/run.js';
import { searchCommand } from '../../src/cli/search.js';
import { reportCommand } from '../../src/cli/report.js';
import { ctlCommand } from '../../src/cli/ctl.js';
import { ingestCommand } from '../../src/cli/ingest.js';

const SOME: ReadonlyArray<readonly [string, string]> = [
  ['search', searchCommand.summary],
  ['report', reportCommand.summary],
  ['ctl', ctlCommand.summary],
  ['ingest', ingestCommand.summary],
];

test('--help lists the commands with their summaries', async () => {
  const got = await runAuspex(['--help']);
  assert.equal(got.code, 0);
  const text = got.stdout.toString('utf8');
  const rows = text.split('\n').filter((l) => /^ {2}\S/.test(l));
  assert.equal(rows.length, 11, text);
  for (const [name, summary] of SOME) assert.ok(rows.some((l) => new RegExp(`^  ${name} +${summary.replace(/[()[\].*+?^$|\\]/g, '\\$&')}$`).test(l)), `${name}: ${text}`);
});

test('an unknown command: the list on stderr, exit code 2', async () => {
  const got = await runAuspex(['frobnicate']);
  assert.equal(got.code, 2);
  assert.equal(got.stdout.length, 0);
  assert.match(got.stderr, /^auspex: unknown command 'frobnicate'\nusage: auspex <command> \[options\]\n\ncommands:\n {2}bpf +BPF program/);
});
