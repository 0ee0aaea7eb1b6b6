// `npm start`: what auspex can show today. The collector daemon and the web UI
// are not built yet, so this searches the sample log the project captured
// from the kernel (data/sample/) and prints it interpreted, as `ausearch -i`
// would. (scripts/ensure-installed.mjs has installed and built by now.)
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sample = join(root, 'data', 'sample', 'audit-raw.log');
process.stderr.write(
  'auspex: the collector and web UI are not built yet; showing the bundled sample log\n' +
  `auspex: running: auspex search -if ${sample} -i\n`,
);
const r = spawnSync(join(root, 'bin', 'auspex'), ['search', '-if', sample, '-i'], { stdio: 'inherit' });
process.exit(r.status ?? 1);
