// Builds the web UI (web/ → web/dist) when it is missing or older than its
// sources: type-checks web/src, then bundles it with Vite (no CDN, nothing
// fetched at run time). Run by the install step (scripts/ensure-installed.mjs)
// so `npm start` and `npm test` work on a fresh clone; `--force` rebuilds.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'web');
const built = join(web, 'dist', 'index.html');

function newest(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const name of readdirSync(path)) m = Math.max(m, newest(join(path, name)));
  return m;
}

const sources = [join(web, 'src'), join(root, 'src', 'server', 'api-types.ts'), join(web, 'index.html'), join(web, 'vite.config.mjs'), join(web, 'tsconfig.json'), join(root, 'package-lock.json')];
const stale = process.argv.includes('--force') || !existsSync(built) ||
  Math.max(...sources.filter(existsSync).map(newest)) > statSync(built).mtimeMs;
if (!stale) process.exit(0);

function run(args) {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`auspex: building the web UI failed (node ${args.join(' ')})\n`);
    process.exit(r.status ?? 1);
  }
}

run([join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(web, 'tsconfig.json')]);
run([join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(web, 'vite.config.mjs')]);
