// `npm start` (scripts/ensure-installed.mjs has installed and built by now):
// the web UI over an event store. As root on a kernel with audit, the
// collector writes an auditd-format log that `auspex serve` follows into the
// store (new events stream to the page); otherwise the bundled sample logs
// (data/sample/) are ingested first. Prints the address with its token on
// stdout; Ctrl-C (or TERM) stops everything.
// Environment: AUSPEX_START_SAMPLE=1 shows the sample even as root;
// AUSPEX_LISTEN=HOST:PORT (default 127.0.0.1 and a free port);
// AUSPEX_COLLECT_SOURCE=auto|multicast|unicast for the collector (default auto).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'auspex');
const say = (text) => process.stderr.write(`auspex: ${text}\n`);

/** Why the collector cannot run here, or undefined when it can. */
function noLiveReason() {
  if (process.env.AUSPEX_START_SAMPLE === '1') return 'AUSPEX_START_SAMPLE=1';
  if (process.getuid?.() !== 0) return 'not root (collecting from the kernel needs root)';
  const status = spawnSync(bin, ['ctl', '-s', '--json'], { encoding: 'utf8' });
  if (status.status !== 0) return `the kernel's audit is not available (${(status.stderr || '').trim() || `exit ${status.status}`})`;
  return undefined;
}

function kernelHints() {
  const status = spawnSync(bin, ['ctl', '-s', '--json'], { encoding: 'utf8' });
  try {
    if (JSON.parse(status.stdout).enabled === 0) say('audit is disabled in the kernel: nothing will be logged until it is enabled (auspex ctl -e 1)');
  } catch {
    // no JSON: ctl said why on its own
  }
  const rules = spawnSync(bin, ['ctl', '-l'], { encoding: 'utf8' });
  if (/No rules/.test(rules.stdout)) {
    say('no audit rules are loaded: the kernel logs little until some are (for example: auspex ctl -a always,exit -F arch=b64 -S execve -k exec)');
  }
}

const dir = mkdtempSync(join(tmpdir(), 'auspex-start-'));
const db = join(dir, 'events.duckdb');
const why = noLiveReason();
const live = why === undefined;
const children = [];
let collector;
let serve;
let stopping = false;

function stop(code) {
  if (stopping) return;
  stopping = true;
  const waits = children.filter((c) => c.exitCode === null && c.signalCode === null).map((c) => new Promise((resolve) => {
    c.once('exit', resolve);
    c.kill('SIGTERM');
  }));
  void Promise.all(waits).then(() => {
    if (!live) rmSync(dir, { recursive: true, force: true });
    process.exit(code);
  });
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

const serveArgs = ['serve', '--db', db, '--token-file', join(dir, 'serve.token')];
if (process.env.AUSPEX_LISTEN !== undefined) serveArgs.push('--listen', process.env.AUSPEX_LISTEN);

if (live) {
  const log = join(dir, 'audit.log');
  const source = process.env.AUSPEX_COLLECT_SOURCE ?? 'auto';
  say(`collecting from the kernel (auspex collect --source ${source}) into ${log}; the store is ${db}`);
  kernelHints();
  collector = spawn(bin, ['collect', '--source', source, '--log', log, '--log-format', 'enriched'], { stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(collector);
  collector.on('exit', (code, signal) => {
    if (!stopping) say(`the collector stopped (${signal ?? `exit ${code}`}); the page keeps what was stored`);
  });
  serveArgs.push('--follow', log);
} else {
  const sample = join(root, 'data', 'sample');
  const logs = readdirSync(sample).filter((f) => f.endsWith('.log')).sort().map((f) => join(sample, f));
  say(`${why}: showing the sample logs in data/sample/ (${logs.length} files), ingested into ${db}`);
  const ingest = spawnSync(bin, ['ingest', '--db', db, ...logs], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (ingest.status !== 0) {
    say(`ingesting the sample failed (exit ${ingest.status ?? ingest.signal})`);
    rmSync(dir, { recursive: true, force: true });
    process.exit(1);
  }
}

serve = spawn(bin, serveArgs, { stdio: ['ignore', 'pipe', 'inherit'] });
children.push(serve);
let printed = '';
serve.stdout.on('data', (chunk) => {
  if (printed === null) return;
  printed += chunk.toString();
  const nl = printed.indexOf('\n');
  if (nl >= 0) {
    process.stdout.write(`${printed.slice(0, nl)}\n`);
    say('open the address above (it carries the access token); Ctrl-C stops');
    printed = null;
  }
});
serve.on('exit', (code, signal) => {
  if (!stopping) {
    say(`auspex serve stopped (${signal ?? `exit ${code}`})`);
    stop(code === 0 ? 0 : 1);
  }
});
