// The auspex binary starts and answers --version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

test('bin/auspex --version prints the version', () => {
  const out = execFileSync('./bin/auspex', ['--version'], { encoding: 'utf8' });
  assert.match(out, /^auspex \d+\.\d+\.\d+\n$/);
});
