// detect/'s checks inside the collector: the corpus fed to `auspex collect`
// (stdin, as an auditd plugin) with --sigma-rules and --uring-profile gives
// the same Sigma alerts as `auspex detect --json` on the log, and one
// violation line per io_uring op of the events `auspex search --uring-profile`
// selects; a rule that does not load stops the start naming file and field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auspexBin, corpusFile, haveCorpus, oraclesDir, repoRoot } from '../helpers/paths.js';
import { runAuspex } from '../helpers/run.js';

const sigma = join(oraclesDir, 'sigma', 'rules');
const skip = !haveCorpus() || !existsSync(sigma) ? 'corpus or ../shared/oracles/sigma not present' : false;

test('collector stages: Sigma alerts as auspex detect gives them, io_uring violations as search --uring-profile selects them', { skip }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'auspex-stages-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const profile = join(dir, 'profile.json');
  const p = await runAuspex(['uring', 'profile', '-if', join(repoRoot, 'data', 'sample', 'audit-raw.log'), '--json']);
  assert.equal(p.code, 0, p.stderr);
  writeFileSync(profile, p.stdout);
  const conf = join(dir, 'collect.conf');
  writeFileSync(conf, `log_format = nolog\nstate_file = ${join(dir, 'state')}\n`);
  const alerts = join(dir, 'alerts.jsonl');
  const log = readFileSync(corpusFile('raw.log'));
  const r = spawnSync(auspexBin, ['collect', '--source', 'stdin', '--config', conf, '--sigma-rules', sigma, '--uring-profile', profile, '--alerts', alerts], { input: log, encoding: 'latin1' });
  assert.equal(r.status, 0, r.stderr);
  const lines = readFileSync(alerts, 'utf8').trim().split('\n');
  const sigmaLines = lines.filter((l) => l.startsWith('{"RuleId"'));
  const violations = lines.filter((l) => l.startsWith('{"Violation"'));
  assert.equal(sigmaLines.length + violations.length, lines.length);
  const d = await runAuspex(['detect', '--rules', sigma, '-if', corpusFile('raw.log'), '--json']);
  assert.equal(d.code, 0, d.stderr);
  assert.deepEqual(sigmaLines.sort(), d.stdout.toString('utf8').trim().split('\n').sort());
  const s = await runAuspex(['search', '--uring-profile', profile, '-if', corpusFile('raw.log'), '--format', 'raw']);
  const selected = new Set(s.stdout.toString('latin1').split('\n').filter((l) => l.includes('type=URINGOP')).map((l) => /:(\d+)\)/.exec(l)?.[1]));
  const flagged = new Set(violations.map((l) => String((JSON.parse(l) as { event: { serial: number } }).event.serial)));
  assert.ok(flagged.size > 0);
  assert.deepEqual([...flagged].sort(), [...selected].sort());
  t.diagnostic(`${sigmaLines.length} Sigma alerts, ${violations.length} violations`);

  const bad = join(dir, 'bad');
  spawnSync('mkdir', [bad]);
  writeFileSync(join(bad, 'r.yml'), 'title: t\nlogsource: {product: linux, service: auditd}\ndetection:\n  sel:\n    a0|nope: x\n  condition: sel\n');
  const b = spawnSync(auspexBin, ['collect', '--source', 'stdin', '--config', conf, '--sigma-rules', bad], { input: '', encoding: 'latin1' });
  assert.equal(b.status, 2);
  assert.match(b.stderr, /r\.yml:5: detection\.sel\.a0\|nope: unknown modifier 'nope'/);
});
