// Runs every compiled test file (dist/test/**/*.test.js) with node:test.
// Tests are type-checked by the build before they run. Pass file or folder
// names (under test/) to run a subset: `npm test -- test/format`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');

function collect(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) collect(p, out);
    // Only tests whose source still exists: a deleted test's old output in
    // dist/ must not run.
    else if (name.endsWith('.test.js') && existsSync(join(root, relative(dist, p)).replace(/\.js$/, '.ts'))) out.push(p);
  }
  return out;
}

const wanted = process.argv.slice(2).map((a) => join(dist, a.replace(/\.ts$/, '.js')));
const roots = wanted.length > 0 ? wanted : [join(dist, 'test')];
const files = roots.flatMap((r) => (statSync(r).isDirectory() ? collect(r, []) : [r]));
if (files.length === 0) {
  process.stderr.write('no test files found\n');
  process.exit(1);
}
const args = ['--enable-source-maps', '--test', '--test-concurrency=2', ...files.map((f) => relative(root, f))];
const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, TZ: process.env.TZ ?? 'UTC' } });
process.exit(r.status ?? 1);
