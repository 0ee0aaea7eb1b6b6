// Rules-file reading: auditctl's word splitting (`\ ` and `\\`), comments and
// blank lines, line numbers, and `-e 2` moved last as augenrules does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readRulesFile, splitRuleLine } from '../../src/rules/rules-file.js';

const splits: Array<[string, string[]]> = [
  ['-w /etc/passwd -p wa -k identity', ['-w', '/etc/passwd', '-p', 'wa', '-k', 'identity']],
  ['  -a   always,exit  ', ['-a', 'always,exit']],
  ['-w /folder\\ with\\ space -k k', ['-w', '/folder with space', '-k', 'k']],
  ['-k back\\\\slash', ['-k', 'back\\slash']],
  ['-k tab\there', ['-k', 'tab\there']],
  ['', []],
];
for (const [line, words] of splits) {
  test(`splitRuleLine ${JSON.stringify(line)}`, () => assert.deepEqual(splitRuleLine(line), words));
}

test('readRulesFile keeps line numbers, skips comments and blanks, moves -e 2 last', () => {
  const text = '## header\n-D\n\n-e 2\n  # indented comment\n-b 8192\n-a always,exit -S openat -k k\n';
  assert.deepEqual(readRulesFile(text), [
    { lineNo: 2, args: ['-D'] },
    { lineNo: 6, args: ['-b', '8192'] },
    { lineNo: 7, args: ['-a', 'always,exit', '-S', 'openat', '-k', 'k'] },
    { lineNo: 4, args: ['-e', '2'] },
  ]);
});
