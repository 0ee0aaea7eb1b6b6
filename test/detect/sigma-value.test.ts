// Sigma value matching and conditions, case by case from the specification's
// definitions (v2.1.0: default case-insensitive, `*`/`?` wildcards with `\`
// escapes, list any-of / all-of, the modifiers). base64 cases are checked
// against Node's own base64 encoding of the text searched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkModifiers, compileKeywordTest, compileValueTest } from '../../src/detect/sigma-value.js';
import type { SigmaValue } from '../../src/detect/sigma-value.js';
import { evaluateCondition, parseCondition } from '../../src/detect/sigma-condition.js';

interface Case {
  readonly key: string;
  readonly values: readonly SigmaValue[];
  readonly field: readonly string[] | undefined;
  readonly want: boolean;
}

const b64 = (s: string): string => Buffer.from(s, 'latin1').toString('base64');

const cases: Case[] = [
  { key: 'x', values: ['EXECVE'], field: ['execve'], want: true },
  { key: 'x|cased', values: ['EXECVE'], field: ['execve'], want: false },
  { key: 'x', values: ['/etc/*release'], field: ['/etc/os-release'], want: true },
  { key: 'x', values: ['/etc/*release'], field: ['/etc/os-release.bak'], want: false },
  { key: 'x', values: ['a?c'], field: ['abc'], want: true },
  { key: 'x', values: ['a\\*c'], field: ['abc'], want: false },
  { key: 'x', values: ['a\\*c'], field: ['a*c'], want: true },
  { key: 'x|contains', values: ['chattr'], field: ['/usr/bin/CHATTR'], want: true },
  { key: 'x|startswith', values: ['/tmp/'], field: ['/tmp/x'], want: true },
  { key: 'x|startswith', values: ['/home/*/public_html/'], field: ['/home/bob/public_html/a.php'], want: true },
  { key: 'x|endswith', values: ['/useradd'], field: ['/usr/sbin/useradd'], want: true },
  { key: 'x|endswith', values: ['/useradd'], field: ['/usr/sbin/useradd2'], want: false },
  { key: 'x|contains', values: ['a', 'zz'], field: ['abc'], want: true },
  { key: 'x|contains|all', values: ['a', 'zz'], field: ['abc'], want: false },
  { key: 'x|contains|all', values: ['a', 'c'], field: ['abc'], want: true },
  { key: 'x', values: [null], field: undefined, want: true },
  { key: 'x', values: [null], field: ['v'], want: false },
  { key: 'x|exists', values: ['true'], field: ['v'], want: true },
  { key: 'x|exists', values: ['false'], field: ['v'], want: false },
  { key: 'x', values: ['40000'], field: ['40000'], want: true },
  { key: 'x', values: ['v'], field: undefined, want: false },
  { key: 'x|re', values: ['(^|\\/)\\.[^.\\/]'], field: ['/home/u/.hidden'], want: true },
  { key: 'x|re', values: ['(^|\\/)\\.[^.\\/]'], field: ['../up'], want: false },
  { key: 'x|re', values: ['^ABC'], field: ['abcd'], want: false },
  { key: 'x|re|i', values: ['^ABC'], field: ['abcd'], want: true },
  { key: 'x|cidr', values: ['10.0.0.0/8'], field: ['10.1.2.3'], want: true },
  { key: 'x|cidr', values: ['10.0.0.0/8'], field: ['11.1.2.3'], want: false },
  { key: 'x|cidr', values: ['fe80::/10'], field: ['fe80::1'], want: true },
  { key: 'x|cidr', values: ['fe80::/10'], field: ['2001:db8::1'], want: false },
  { key: 'x|cidr', values: ['::ffff:0:0/96'], field: ['::ffff:192.0.2.1'], want: true },
  { key: 'x|base64', values: ['/bin/sh'], field: [b64('/bin/sh')], want: true },
  { key: 'x|base64|contains', values: ['/bin/sh'], field: [`xx${b64('/bin/sh')}yy`], want: true },
  { key: 'x|base64offset|contains', values: ['http'], field: [b64('GET http://x')], want: true },
  { key: 'x|base64offset|contains', values: ['http'], field: [b64('1http://x')], want: true },
  { key: 'x|base64offset|contains', values: ['http'], field: [b64('12http://x')], want: true },
  { key: 'x|base64offset|contains', values: ['http'], field: [b64('12ftp://x')], want: false },
  { key: 'x|gt', values: ['10'], field: ['11'], want: true },
  { key: 'x|lte', values: ['10'], field: ['11'], want: false },
  { key: 'x|neq', values: ['root'], field: ['bob'], want: true },
];

for (const c of cases) {
  test(`value ${c.key}: ${JSON.stringify(c.values)} on ${JSON.stringify(c.field)} → ${c.want}`, () => {
    const [, ...mods] = c.key.split('|');
    const checked = checkModifiers(mods);
    assert.ok(checked.ok);
    assert.equal(compileValueTest(c.values, checked.modifiers)(c.field), c.want);
  });
}

test('keywords: any-of by default, all-of with |all, searched inside the texts', () => {
  const ok = (mods: string[]) => {
    const c = checkModifiers(mods);
    assert.ok(c.ok);
    return c.modifiers;
  };
  const texts = ['truncate', '-S', '0', 'truncate -S 0 /tmp/f'];
  assert.equal(compileKeywordTest(['dd', 'truncat'], ok([]))(texts), true);
  assert.equal(compileKeywordTest(['truncate', '-s'], ok(['all']))(texts), true);
  assert.equal(compileKeywordTest(['truncate', 'if='], ok(['all']))(texts), false);
});

test('modifier combinations that make no sense are refused', () => {
  assert.equal(checkModifiers(['contains', 'endswith']).ok, false);
  assert.equal(checkModifiers(['re', 'contains']).ok, false);
  assert.equal(checkModifiers(['i']).ok, false);
  assert.equal(checkModifiers(['utf16le']).ok, false);
});

test('conditions: precedence or < and < not < of < ( )', () => {
  const ids = ['a', 'b', 'c', 'sel_1', 'sel_2', '_hidden'];
  const truth = (set: string[]) => (n: string) => set.includes(n);
  const run = (cond: string, set: string[]): boolean => evaluateCondition(parseCondition(cond, ids), truth(set));
  assert.equal(run('a or b and c', ['a']), true);
  assert.equal(run('(a or b) and c', ['a']), false);
  assert.equal(run('not a and b', ['b']), true);
  assert.equal(run('not (a and b)', ['a', 'b']), false);
  assert.equal(run('1 of sel_*', ['sel_2']), true);
  assert.equal(run('all of sel_*', ['sel_2']), false);
  assert.equal(run('all of them', ['a', 'b', 'c', 'sel_1', 'sel_2']), true);
  assert.equal(run('a and not 1 of sel_*', ['a', 'sel_1']), false);
  assert.throws(() => parseCondition('1 of nothing_*', ids), /matches no search identifier/);
  assert.throws(() => parseCondition('a and', ids), /ends where an identifier was expected/);
});
