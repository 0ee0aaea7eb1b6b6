// Captures a real audit log from this kernel with auditd: starts a private
// auditd (its own config and log in a temporary folder), adds rules whose keys
// start with `auspex-test-`, runs a workload (execs with hostile arguments,
// file operations on hostile names, a denied read of /etc/shadow, a refused
// connect, io_uring ops inline / io-wq / SQPOLL / under a personality, a BPF
// program loaded and unloaded), then removes its rules, stops its auditd and
// keeps only the workload session's events.
//
//   sudo node dist/scripts/capture-sample.js OUT.log [--format raw|enriched]
//
// Needs root, Debian's auditd and a C compiler; refuses to run beside another
// audit daemon. Restores the kernel's enabled flag on exit.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values, positionals } = parseArgs({ allowPositionals: true, options: { format: { type: 'string', default: 'raw' } } });
const outPath = positionals[0];
if (outPath === undefined) throw new Error('usage: capture-sample OUT.log [--format raw|enriched]');
if (process.getuid?.() !== 0) throw new Error('capture-sample needs root');

function auditStatus(): Map<string, string> {
  const out = execFileSync('auditctl', ['-s'], { encoding: 'utf8' });
  return new Map(out.trim().split('\n').map((l) => l.split(' ', 2) as [string, string]));
}

function sh(cmd: string, args: string[], opts: { allowFail?: boolean; env?: NodeJS.ProcessEnv } = {}): void {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: opts.env ?? process.env });
  if (r.status !== 0 && opts.allowFail !== true) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr?.toString() ?? r.error?.message}`);
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

const before = auditStatus();
if (before.get('pid') !== '0') throw new Error(`an audit daemon (pid ${before.get('pid')}) is running; stop it first`);
const tmp = mkdtempSync(join(tmpdir(), 'auspex-capture-'));
const work = join(tmp, 'work');
mkdirSync(work);
mkdirSync(join(tmp, 'plugins.d'));
const log = join(tmp, 'audit.log');
writeFileSync(join(tmp, 'auditd.conf'), [
  `log_file = ${log}`, `log_format = ${values.format === 'enriched' ? 'ENRICHED' : 'RAW'}`, 'log_group = root', 'write_logs = yes',
  'flush = SYNC', 'priority_boost = 0', 'max_log_file = 0', 'max_log_file_action = IGNORE', 'num_logs = 1',
  'space_left = 2', 'space_left_action = IGNORE', 'admin_space_left = 1', 'admin_space_left_action = IGNORE',
  'disk_full_action = IGNORE', 'disk_error_action = IGNORE', `plugin_dir = ${join(tmp, 'plugins.d')}`,
  'name_format = NONE', 'local_events = yes', 'end_of_event_timeout = 2', 'q_depth = 4000', '',
].join('\n'));

const exe = join(tmp, 'uring-bpf');
execFileSync('cc', ['-O2', '-o', exe, join(repo, 'scripts', 'workload', 'uring-bpf.c')]);

const rules: string[][] = [
  ['-a', 'always,exit', '-F', 'arch=b64', '-S', 'execve', '-F', 'auid!=unset', '-k', 'auspex-test-exec'],
  ['-a', 'always,exit', '-F', 'arch=b64', '-S', 'openat,open,creat,unlink,unlinkat,rename,renameat,renameat2,mkdir,chmod,fchmodat,fchownat', '-F', `dir=${work}`, '-k', 'auspex-test-files'],
  ['-a', 'always,exit', '-F', 'arch=b64', '-S', 'openat', '-F', 'path=/etc/shadow', '-k', 'auspex-test-shadow'],
  ['-a', 'always,exit', '-F', 'arch=b64', '-S', 'connect', '-F', 'auid!=unset', '-k', 'auspex-test-net'],
  ['-a', 'always,exit', '-F', 'arch=b64', '-S', 'io_uring_setup,io_uring_enter,io_uring_register', '-F', 'auid!=unset', '-k', 'auspex-test-uring'],
  ['-a', 'always,exit', '-F', 'arch=b64', '-S', 'bpf', '-F', 'auid!=unset', '-k', 'auspex-test-bpf'],
];
const added: string[][] = [];
const daemon = spawn('auditd', ['-n', '-s', 'nochange', '-c', tmp], { stdio: 'ignore' });
try {
  for (let i = 0; i < 100 && auditStatus().get('pid') !== String(daemon.pid); i++) await sleep(50);
  if (auditStatus().get('pid') !== String(daemon.pid)) throw new Error('auditd did not register with the kernel');
  sh('auditctl', ['-e', '1']);
  for (const r of rules) {
    sh('auditctl', r);
    added.push(r);
  }
  // The workload runs in its own audit session (a fresh loginuid gives it a
  // new ses), which is how its events are told from everything else.
  const script = `
    set -u
    echo 0 > /proc/self/loginuid
    W='${work}'
    auditctl -m "AUSPEX-SAMPLE-BEGIN"
    /bin/echo "hello world"
    /bin/echo $'\\e[31mred\\e[0m \\e]0;title\\a'
    /bin/echo '=cmd|" /C calc"!A0' '+1+1' '@SUM(A1)'
    /bin/true "a b" 'it'"'"'s' $'tab\\there' $'new\\nline' 'caf\\xc3\\xa9'
    touch "$W/plain.txt" "$W/$(printf '\\e[2Jcleared')" "$W/<img src=x onerror=alert(1)>"
    chmod 600 "$W/plain.txt"
    mv "$W/plain.txt" "$W/renamed.txt"
    mkdir "$W/sub dir"
    rm -f "$W/renamed.txt"
    cat /etc/shadow > /dev/null
    setpriv --reuid 65534 --regid 65534 --clear-groups cat /etc/shadow 2>/dev/null
    (exec 3<>/dev/tcp/127.0.0.1/9) 2>/dev/null
    '${exe}' "$W"
    auditctl -m "AUSPEX-SAMPLE-END"
  `;
  const scriptFile = join(tmp, 'workload.sh');
  writeFileSync(scriptFile, script);
  sh('bash', [scriptFile], { allowFail: true });
  await sleep(3000); // let auditd write the last events
} finally {
  for (const r of added) sh('auditctl', ['-d', ...r.slice(1)], { allowFail: true });
  daemon.kill('SIGTERM');
  for (let i = 0; i < 100 && daemon.exitCode === null; i++) await sleep(50);
  sh('auditctl', ['-e', before.get('enabled') ?? '0'], { allowFail: true });
}

// Keep the events of the workload's session: those naming its ses, and the
// io_uring and BPF events without one that belong to its processes or programs.
const lines = readFileSync(log, 'latin1').split('\n').filter((l) => l.length > 0);
const serialOf = (l: string): string => /msg=audit\(([\d.:]+)\)/.exec(l)?.[1] ?? '';
const begin = lines.find((l) => l.includes('text=AUSPEX-SAMPLE-BEGIN'));
const ses = begin === undefined ? undefined : /\bses=(\d+)/.exec(begin)?.[1];
if (ses === undefined) throw new Error(`the workload session was not logged (see ${log})`);
const keep = new Set(lines.filter((l) => new RegExp(`\\bses=${ses}\\b`).test(l)).map(serialOf));
const pids = new Set<string>();
const progs = new Set<string>();
for (const l of lines) {
  if (!keep.has(serialOf(l))) continue;
  for (const m of l.matchAll(/\bpid=(\d+)/g)) pids.add(m[1] as string);
  const prog = /prog-id=(\d+) op=LOAD/.exec(l);
  if (prog) progs.add(prog[1] as string);
}
for (const l of lines) {
  const pid = /type=URINGOP .*\bpid=(\d+)/.exec(l)?.[1];
  const unload = /type=BPF .*prog-id=(\d+) op=UNLOAD/.exec(l)?.[1];
  if ((pid !== undefined && pids.has(pid)) || (unload !== undefined && progs.has(unload))) keep.add(serialOf(l));
}
const kept = lines.filter((l) => keep.has(serialOf(l)));
writeFileSync(join(tmp, 'kept.log'), `${kept.join('\n')}\n`, 'latin1');
copyFileSync(join(tmp, 'kept.log'), outPath);
rmSync(tmp, { recursive: true, force: true });
process.stdout.write(`captured ${kept.length} records (session ${ses}) into ${outPath}\n`);
