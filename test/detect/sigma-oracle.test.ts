// The 53 SigmaHQ auditd rules (read from ../shared/oracles/sigma, never copied)
// load and run over real logs; for every rule, the events auspex alerts on
// equal the events the same rule matches on `ausearch -i`'s reading of the
// same log (the corpus references, or ausearch run live on the other logs),
// so both matches and non-matches are checked against the reference tool's
// decoding. Each alert carries RuleId, Title and Author.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SigmaDetector, alertJson, loadSigmaDir } from '../../src/detect/index.js';
import type { SigmaRule } from '../../src/detect/index.js';
import { RecordReader } from '../../src/format/index.js';
import { EventAssembler } from '../../src/events/index.js';
import { corpusFile, haveCorpus, oraclesDir, repoRoot } from '../helpers/paths.js';
import { havePeer, runPeer } from '../helpers/run.js';
import { oracleEvents } from './ausearch-docs.js';

const sigmaDir = join(oraclesDir, 'sigma', 'rules');

function detectOn(rules: readonly SigmaRule[], log: Buffer): Map<SigmaRule, Set<number>> {
  const detector = new SigmaDetector(rules);
  const hits = new Map<SigmaRule, Set<number>>(rules.map((r) => [r, new Set()]));
  const asm = new EventAssembler({
    policy: 'kernel', timeoutSec: 2, maxInFlight: 10000,
    onEvent: (e) => {
      for (const a of detector.detect(e)) {
        const j = alertJson(a);
        assert.equal(j.RuleId, a.rule.id);
        assert.equal(j.Title, a.rule.title);
        assert.equal(typeof j.Author, 'string');
        hits.get(a.rule)?.add(e.serial);
      }
    },
  });
  const reader = new RecordReader({ file: 'log', onRecord: (r) => asm.push(r), onDiagnostic: () => {} });
  reader.push(log);
  reader.end();
  asm.flush();
  return hits;
}

function oracleOn(rules: readonly SigmaRule[], ausearchText: string): Map<SigmaRule, Set<number>> {
  const hits = new Map<SigmaRule, Set<number>>(rules.map((r) => [r, new Set()]));
  for (const ev of oracleEvents(ausearchText)) {
    for (const rule of rules) if (ev.records.some((d) => rule.matches(d))) hits.get(rule)?.add(ev.serial);
  }
  return hits;
}

const logs: Array<{ name: string; log: () => Buffer; reference: () => string | undefined }> = [
  { name: 'corpus raw.log', log: () => readFileSync(corpusFile('raw.log')), reference: () => readFileSync(corpusFile('raw.ausearch-i.txt'), 'latin1') },
  { name: 'corpus enriched.log', log: () => readFileSync(corpusFile('enriched.log')), reference: () => readFileSync(corpusFile('enriched.ausearch-i.txt'), 'latin1') },
];
const live = (path: string): { log: () => Buffer; reference: () => string | undefined } => ({
  log: () => readFileSync(path),
  reference: () => (havePeer('ausearch') ? runPeer('ausearch', ['-if', path, '-i']).stdout.toString('latin1') : undefined),
});
for (const f of ['audit-raw.log', 'audit-enriched.log']) logs.push({ name: `data/sample/${f}`, ...live(join(repoRoot, 'data', 'sample', f)) });
for (const rel of [
  'go-libaudit/auparse/testdata/audit-rhel7.log',
  'audit-userspace/auparse-test/test4.log',
  'elastic-integrations/packages/auditd/data_stream/log/_dev/test/pipeline/test-auditd-raw.log',
  'elastic-integrations/packages/auditd/data_stream/log/_dev/test/pipeline/test-auditd-useradd.log',
  'elastic-integrations/packages/auditd/data_stream/log/_dev/test/pipeline/test-auditd-enriched.log',
]) logs.push({ name: rel, ...live(join(oraclesDir, rel)) });

test('all 53 SigmaHQ auditd rules load, with id, title and author', (t) => {
  if (!existsSync(sigmaDir)) return t.skip('../shared/oracles/sigma not present');
  const index = JSON.parse(readFileSync(join(oraclesDir, 'sigma', 'rules-index.json'), 'utf8')) as { rules: Array<{ path: string; id: string; title: string; author: string }> };
  const loaded = loadSigmaDir(sigmaDir);
  assert.equal(loaded.skipped.length, 0);
  assert.equal(loaded.rules.length, 53);
  assert.equal(index.rules.length, 53);
  const byFile = new Map(loaded.rules.map((r) => [r.file, r]));
  for (const entry of index.rules) {
    const rule = byFile.get(entry.path.replace('rules/', ''));
    assert.ok(rule !== undefined, entry.path);
    assert.equal(rule.id, entry.id);
    assert.equal(rule.title, entry.title);
    assert.equal(rule.author, entry.author);
  }
});

test('per rule, auspex alerts on exactly the events the rule matches on ausearch -i of the same log', (t) => {
  if (!existsSync(sigmaDir) || !haveCorpus()) return t.skip('../shared/oracles/sigma or the corpus not present');
  const rules = loadSigmaDir(sigmaDir).rules;
  const exercised = new Set<SigmaRule>();
  let compared = 0;
  for (const l of logs) {
    const reference = l.reference();
    if (reference === undefined) {
      t.diagnostic(`${l.name}: ausearch not installed, not compared`);
      continue;
    }
    const ours = detectOn(rules, l.log());
    const theirs = oracleOn(rules, reference);
    for (const rule of rules) {
      const a = [...(ours.get(rule) ?? [])].sort((x, y) => x - y);
      const b = [...(theirs.get(rule) ?? [])].sort((x, y) => x - y);
      assert.deepEqual(a, b, `${l.name}: ${rule.file} (${rule.title})`);
      if (a.length > 0) exercised.add(rule);
      compared++;
    }
  }
  t.diagnostic(`${compared} rule × log pairs compared; rules with matches: ${[...exercised].map((r) => r.title).join('; ')}`);
  // The logs exercise several rules, so both sides of each comparison are tested.
  assert.ok(exercised.size >= 8, `only ${exercised.size} rules matched anything`);
});

test('the rule index lists every rule file of the oracle set', (t) => {
  if (!existsSync(sigmaDir)) return t.skip('../shared/oracles/sigma not present');
  const count = (d: string): number => readdirSync(d, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? count(join(d, e.name)) : e.name.endsWith('.yml') ? 1 : 0), 0);
  assert.equal(count(sigmaDir), 53);
});
