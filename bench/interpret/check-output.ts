// Guards speed work on the -i formatter: the sha256 of `auspex search -i`
// over the large benchmark log, compared with the one saved from a known-good
// build (--save), and optionally with ausearch -i itself run on the same log
// (--ausearch; io_uring op names mapped back to 3.0.9's numbers). Not a test:
// the log is 200 MiB and the output about 300 MB.
//
//   node dist/bench/interpret/check-output.js [--save] [--ausearch] [--log bench/out/bench-raw-200mb.log]
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { uringOpName } from '../../src/interpret/index.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const { values } = parseArgs({
  options: {
    save: { type: 'boolean', default: false },
    ausearch: { type: 'boolean', default: false },
    log: { type: 'string', default: join(repo, 'bench', 'out', 'bench-raw-200mb.log') },
  },
});
const log = resolve(values.log);
const saved = `${log}.search-i.sha256`;
const env = { ...process.env, TZ: 'UTC', LC_ALL: 'C' };

const opNumbers = new Map<string, number>();
for (let n = 0; n < 256; n++) {
  const name = uringOpName(n);
  if (name !== undefined) opNumbers.set(name, n);
}

/** sha256 of a command's stdout, optionally line by line through `mapLine`, and the seconds it took. */
async function hashOf(cmd: string, args: readonly string[], mapLine?: (line: string) => string): Promise<{ sha: string; seconds: number }> {
  const t0 = process.hrtime.bigint();
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const hash = createHash('sha256');
  if (mapLine === undefined) for await (const chunk of child.stdout) hash.update(chunk as Buffer);
  else {
    child.stdout.setEncoding('latin1');
    for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) hash.update(`${mapLine(line)}\n`, 'latin1');
  }
  const code: number = await new Promise((done) => child.on('close', (c) => done(c ?? 1)));
  if (code !== 0) throw new Error(`${cmd} exited with ${code}`);
  return { sha: hash.digest('hex'), seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

/** auspex -i output as 3.0.9 prints it: io_uring ops as numbers. */
const as309 = (line: string): string =>
  line.indexOf(' uring_op=') < 0 ? line : line.replace(/ uring_op=([a-z_0-9]+) /g, (m, name: string) => {
    const n = opNumbers.get(name);
    return n === undefined ? m : ` uring_op=${n} `;
  });

async function main(): Promise<number> {
  if (!existsSync(log)) throw new Error(`${log} missing: node dist/bench/search/search.bench.js --only=-i --runs 1 --keep builds it`);
  const auspex = join(repo, 'bin', 'auspex');
  const ours = await hashOf(auspex, ['search', '-if', log, '-i']);
  process.stdout.write(`auspex search -i: ${ours.sha} (${ours.seconds.toFixed(2)} s)\n`);
  let failed = false;
  if (values.save) {
    writeFileSync(saved, `${ours.sha}\n`);
    process.stdout.write(`saved to ${saved}\n`);
  } else if (existsSync(saved)) {
    const want = readFileSync(saved, 'utf8').trim();
    failed = want !== ours.sha;
    process.stdout.write(failed ? `DIFFERS from the saved ${want}\n` : 'same as saved\n');
  } else process.stdout.write(`no ${saved} to compare with (run once with --save on a known-good build)\n`);
  if (values.ausearch) {
    const mapped = await hashOf(auspex, ['search', '-if', log, '-i'], as309);
    const peer = await hashOf('ausearch', ['-if', log, '-i']);
    const same = mapped.sha === peer.sha;
    failed ||= !same;
    process.stdout.write(`ausearch -i: ${peer.sha} (${peer.seconds.toFixed(2)} s): ${same ? 'same as auspex with uring_op numbers' : 'DIFFERS from auspex'}\n`);
  }
  return failed ? 1 : 0;
}

process.exitCode = await main();
