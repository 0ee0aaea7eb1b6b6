// Bundles the compiled command (dist/src, from tsc) into a few files under
// dist/bundle, which bin/auspex runs. Node loads an ES module per file: the
// ~130 modules of a search cost ~30 ms of start-up, the bundle a few; the
// commands loaded on demand (and their lazy parts) stay separate chunks.
//
// Layout, and why: entry points (the command and every worker thread's file)
// sit at dist/bundle/<folder>/<name>.js as in dist/src, shared chunks in
// dist/bundle/chunks/, so every output file is one folder deep. A module's
// `import.meta.url` is rewritten to where it would lie in that mirrored tree
// (`new URL('cli/x.js', <dist/bundle/>)`): `new Worker(new URL('./w.js',
// import.meta.url))` then finds the bundled worker, and paths to files outside
// dist (web/dist, scripts/, node_modules through createRequire) resolve as
// they did from dist/src, which lies at the same depth. npm packages stay
// outside the bundle (loaded from node_modules as before).
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'dist', 'src');
const outdir = join(root, 'dist', 'bundle');

function* jsFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* jsFiles(path);
    else if (entry.name.endsWith('.js')) yield path;
  }
}

// The worker threads' files, found where they are started, so that a new one cannot be left out.
const WORKER_URL = /new Worker\(new URL\('\.\/([\w-]+\.js)', import\.meta\.url\)/g;
const entryPoints = [join(compiled, 'cli', 'main.js')];
for (const file of jsFiles(compiled)) {
  for (const m of readFileSync(file, 'utf8').matchAll(WORKER_URL)) entryPoints.push(join(dirname(file), m[1]));
}
for (const entry of entryPoints) {
  if (relative(compiled, entry).split(sep).length !== 2) throw new Error(`bundle: ${entry} is not one folder deep under dist/src`);
}

const mirroredUrls = {
  name: 'mirrored-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return { contents: text, loader: 'js' };
      const rel = relative(compiled, args.path).split(sep).join('/');
      const url = `new URL(${JSON.stringify(rel)}, new URL('../', import.meta.url)).href`;
      return { contents: text.replaceAll('import.meta.url', url), loader: 'js' };
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
await esbuild.build({
  entryPoints,
  outbase: compiled,
  outdir,
  entryNames: '[dir]/[name]',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  plugins: [mirroredUrls],
  logLevel: 'warning',
});
