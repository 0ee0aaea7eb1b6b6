// A malformed rule fails to load with a DetectError naming the file, the field
// at fault and its line; the mistakes are made in copies (in memory) of real
// SigmaHQ rules read from ../shared/oracles/sigma.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DetectError, loadSigmaText } from '../../src/detect/index.js';
import { oraclesDir } from '../helpers/paths.js';

const dir = join(oraclesDir, 'sigma', 'rules', 'linux', 'auditd');
const have = existsSync(dir);
const read = (rel: string): string => readFileSync(join(dir, rel), 'utf8');

interface Case {
  readonly name: string;
  readonly rule: string;
  readonly change: (text: string) => string;
  readonly code: DetectError['code'];
  readonly field: string;
  readonly reason: RegExp;
}

const cases: Case[] = [
  { name: 'unknown modifier', rule: 'execve/lnx_auditd_chattr_immutable_removal.yml', change: (t) => t.replace('a1|contains', 'a1|containz'), code: 'E_SIGMA_MODIFIER', field: 'detection.selection.a1|containz', reason: /unknown modifier 'containz'/ },
  { name: 'unsupported modifier', rule: 'execve/lnx_auditd_chattr_immutable_removal.yml', change: (t) => t.replace('a1|contains', 'a1|windash'), code: 'E_SIGMA_MODIFIER', field: 'detection.selection.a1|windash', reason: /not supported/ },
  { name: 'condition names an identifier the rule lacks', rule: 'execve/lnx_auditd_binary_padding.yml', change: (t) => t.replace('keywords_dd and not', 'keywords_ddd and not'), code: 'E_SIGMA_CONDITION', field: 'detection.condition', reason: /'keywords_ddd' is not a search identifier/ },
  { name: 'unbalanced parenthesis', rule: 'execve/lnx_auditd_binary_padding.yml', change: (t) => t.replace('keywords_filter))', 'keywords_filter)'), code: 'E_SIGMA_CONDITION', field: 'detection.condition', reason: /expected '\)'/ },
  { name: 'v1 aggregation', rule: 'execve/lnx_auditd_user_discovery.yml', change: (t) => t.replace('condition: selection', 'condition: selection | count() by host > 5'), code: 'E_SIGMA_CONDITION', field: 'detection.condition', reason: /aggregation/ },
  { name: 'missing title', rule: 'execve/lnx_auditd_user_discovery.yml', change: (t) => t.replace(/^title: .*\n/m, ''), code: 'E_SIGMA_FIELD', field: 'title', reason: /missing/ },
  { name: 'missing condition', rule: 'execve/lnx_auditd_user_discovery.yml', change: (t) => t.replace(/^ {4}condition: .*\n/m, ''), code: 'E_SIGMA_CONDITION', field: 'detection.condition', reason: /missing/ },
  { name: 'bad regular expression', rule: 'execve/lnx_auditd_hidden_files_directories.yml', change: (t) => t.replace("a1|re: '(^|\\/)", "a1|re: '((^|\\/)"), code: 'E_SIGMA_VALUE', field: 'detection.selection_arguments[0].a1|re', reason: /bad regular expression/ },
  { name: 'a map as a value', rule: 'syscall/lnx_auditd_load_module_insmod.yml', change: (t) => t.replace("comm: insmod", "comm:\n            nested: insmod"), code: 'E_SIGMA_VALUE', field: 'detection.selection.comm', reason: /not a map/ },
  { name: 'broken YAML', rule: 'execve/lnx_auditd_user_discovery.yml', change: (t) => t.replace('detection:', 'detection: [oops'), code: 'E_SIGMA_YAML', field: '', reason: /YAML/ },
];

for (const c of cases) {
  test(`malformed rule: ${c.name}`, (t) => {
    if (!have) return t.skip('../shared/oracles/sigma not present');
    const original = read(c.rule);
    const text = c.change(original);
    assert.notEqual(text, original, 'the mutation must change the rule');
    assert.doesNotThrow(() => loadSigmaText(original, c.rule));
    assert.throws(() => loadSigmaText(text, c.rule), (e: unknown) => {
      assert.ok(e instanceof DetectError);
      assert.equal(e.code, c.code);
      assert.equal(e.file, c.rule);
      assert.equal(e.field, c.field);
      assert.ok(e.line > 0, 'names a line');
      assert.ok(e.message.startsWith(`${c.rule}:${e.line}: `), e.message);
      assert.match(e.message, c.reason);
      return true;
    });
  });
}
