// Makes a checkout runnable: installs the pinned npm packages when node_modules
// is missing or older than package-lock.json, then compiles the TypeScript
// (incremental, so a no-op build takes about a second) and bundles it for
// bin/auspex (scripts/bundle.mjs). Used by `npm test` and
// `npm start` so that each works on a fresh clone by itself.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lock = join(root, 'package-lock.json');
const installed = join(root, 'node_modules', '.package-lock.json');

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`auspex: '${cmd} ${args.join(' ')}' failed (exit ${r.status ?? r.signal})\n`);
    process.exit(r.status ?? 1);
  }
}

const stale = !existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs;
if (stale) run('npm', ['ci', '--no-audit', '--no-fund']);
else {
  run('npx', ['--no-install', 'tsc', '-p', 'tsconfig.json']);
  run(process.execPath, [join(root, 'scripts', 'bundle.mjs')]);
}
// The web UI that `auspex serve` serves (web/dist), rebuilt when its sources changed.
run(process.execPath, [join(root, 'scripts', 'build-web.mjs')]);
