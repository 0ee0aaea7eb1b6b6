// Real-kernel capture for detect/'s tests: a test program is started and
// stops before its work; rules (keys auspex-test-..., `{PID}` replaced by its
// pid) are added; the program goes on; the kernel's records are read from the
// audit multicast group (beside any audit daemon, none started) and the events
// naming the program's pid (or its children's ppid) are kept as auditd would log them. Rules are
// deleted and the kernel's enabled/failure restored even on failure. Other
// tests may add rules at the same time: the kernel's rule listing during the
// run is returned so callers can tell.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditControl, AuditEventReader } from '../../src/kernel/index.js';
import { asKernelListsIt, encodeRule, parseCtlArgs } from '../../src/rules/index.js';
import type { RuleSpec } from '../../src/rules/index.js';
import { systemRuleHost } from '../../src/cli/ctl-host.js';
import { kernelRules } from '../../src/cli/ctl-rules-source.js';
import { processAlive, writeLogLine } from '../../src/collect/index.js';
import { repoRoot } from '../helpers/paths.js';

export function liveSkip(): string | false {
  if (process.geteuid?.() !== 0) return 'not root: real-kernel audit tests need CAP_AUDIT_CONTROL and CAP_AUDIT_READ';
  if (spawnSync('cc', ['--version']).status !== 0) return 'no C compiler (cc) for the test programs';
  return false;
}

/** Builds test/programs/NAME.c into a fresh temporary folder, as OUT (default NAME). */
export function buildProgram(name: string, out = name, dir = mkdtempSync(join(tmpdir(), 'auspex-detect-'))): string {
  const exe = join(dir, out);
  const r = spawnSync('cc', ['-O2', '-Wall', '-o', exe, join(repoRoot, 'test', 'programs', `${name}.c`)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cc ${name}.c: ${r.stderr}`);
  return exe;
}

export interface Captured {
  readonly pid: number;
  /** The program's own lines after its pid ("OP RESULT"). */
  readonly output: string[];
  readonly exitCode: number | null;
  /** The kept records as auditd would write them (RAW). */
  readonly log: Buffer;
  /** The kernel's rules right before the program went on, and right after it ended. */
  readonly rulesBefore: RuleSpec[];
  readonly rulesAfter: RuleSpec[];
}

const LOCK = join(tmpdir(), 'auspex-detect-live.lock');

/**
 * One capture at a time across this project's test processes: a test that
 * restores the kernel's enabled flag while another captures would cut the
 * other's records. (Other suites may still toggle it: see `complete` below.)
 */
async function withLock<T>(body: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      writeFileSync(LOCK, String(process.pid), { flag: 'wx' });
      break;
    } catch {
      const holder = Number(readFileSync(LOCK, 'utf8').trim() || '0');
      if (!processAlive(holder)) rmSync(LOCK, { force: true });
      else if (Date.now() > deadline) throw new Error(`capture lock held by ${holder} for too long`);
      else await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await body();
  } finally {
    rmSync(LOCK, { force: true });
  }
}

/**
 * Runs `exe args` under `rules` (auditctl argument lists) and returns what the
 * kernel logged for it. When `complete` says the log lacks what the run must
 * have produced (another test switched auditing off meanwhile), it runs again,
 * three times at most.
 */
export async function capture(exe: string, args: readonly string[], rules: ReadonlyArray<readonly string[]>, complete: (c: Captured) => boolean = () => true): Promise<Captured> {
  let last: Captured | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    last = await withLock(() => captureOnce(exe, args, rules));
    if (complete(last)) return last;
  }
  return last as Captured;
}

async function captureOnce(exe: string, args: readonly string[], rules: ReadonlyArray<readonly string[]>): Promise<Captured> {
  const ctl = AuditControl.open();
  const before = ctl.getStatus();
  const added: Buffer[] = [];
  let reader: AuditEventReader | undefined;
  const child = spawn(exe, [...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  try {
    const lines = createInterface({ input: child.stdout });
    const iter = lines[Symbol.asyncIterator]();
    const first = await iter.next();
    const pid = Number(first.value);
    if (!Number.isInteger(pid) || pid !== child.pid) throw new Error(`the program did not say its pid (${String(first.value)})`);
    reader = await AuditEventReader.open();
    if (before.enabled === 0) ctl.setStatus({ mask: 0x1, enabled: 1 });
    const host = systemRuleHost();
    for (const r of rules) {
      const argv = r.map((a) => a.replace('{PID}', String(pid)));
      const key = argv[argv.indexOf('-k') + 1] ?? '';
      if (!key.startsWith('auspex-test-')) throw new Error(`test rules need an auspex-test- key: ${argv.join(' ')}`);
      const p = parseCtlArgs(argv, host);
      const step = p.steps.find((s) => s.kind === 'rule');
      if (p.error !== undefined || step?.kind !== 'rule') throw new Error(`bad test rule ${argv.join(' ')}: ${p.error?.message ?? ''}`);
      ctl.addRule(encodeRule(step.rule));
      // Deleted as the kernel lists it: a rule added with -A is matched without the prepend flag.
      added.push(encodeRule(asKernelListsIt(step.rule)));
    }
    const rulesBefore = kernelRules(ctl);
    const output: string[] = [];
    const done = (async () => {
      for (let n = await iter.next(); n.done !== true; n = await iter.next()) output.push(n.value);
    })();
    child.stdin.end('go\n');
    const [exitCode] = (await once(child, 'exit')) as [number | null];
    await done;
    const rulesAfter = kernelRules(ctl);
    // Read until the stream has been quiet for a while.
    const messages: Array<{ type: number; payload: Buffer }> = [];
    let quietSince = Date.now();
    const deadline = Date.now() + 8000;
    while (Date.now() - quietSince < 700 && Date.now() < deadline) {
      const m = await Promise.race([reader.next(), new Promise<undefined>((r) => setTimeout(() => r(undefined), 200))]);
      if (m === undefined) continue;
      messages.push(m);
      quietSince = Date.now();
    }
    return { pid, output, exitCode, log: keepFor(pid, messages), rulesBefore, rulesAfter };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    for (const b of added) {
      try {
        ctl.deleteRule(b);
      } catch {
        // already gone
      }
    }
    if (before.enabled !== 2) ctl.setStatus({ mask: 0x3, enabled: before.enabled, failure: before.failure });
    ctl.close();
    await reader?.close();
  }
}

const SERIAL = /^audit\((\d+\.\d+:\d+)\)/;

/** The events (by stamp) with a record naming `pid=PID` or `ppid=PID` (the program or its children), plus the UNLOADs of BPF programs those events loaded. */
function keepFor(pid: number, messages: ReadonlyArray<{ type: number; payload: Buffer }>): Buffer {
  const stamp = (m: { payload: Buffer }): string => SERIAL.exec(m.payload.toString('latin1', 0, 64))?.[1] ?? '';
  const mine = new RegExp(`(^| )p?pid=${pid}( |$)`);
  const keep = new Set<string>();
  const progs = new Set<string>();
  for (const m of messages) {
    const t = m.payload.toString('latin1');
    if (mine.test(t)) keep.add(stamp(m));
  }
  for (const m of messages) {
    const t = m.payload.toString('latin1');
    const load = / prog-id=(\d+) op=LOAD/.exec(t);
    if (load !== null && keep.has(stamp(m))) progs.add(load[1] as string);
  }
  for (const m of messages) {
    const unload = / prog-id=(\d+) op=UNLOAD/.exec(m.payload.toString('latin1'));
    if (unload !== null && progs.has(unload[1] as string)) keep.add(stamp(m));
  }
  const out = Buffer.alloc(messages.reduce((n, m) => n + m.payload.length + 64, 0) + 1);
  let at = 0;
  for (const m of messages) {
    if (!keep.has(stamp(m))) continue;
    at = writeLogLine(out, at, undefined, m.type, m.payload, 0, m.payload.length);
  }
  return out.subarray(0, at);
}

/** How many URINGOP records a capture kept. */
export function uringRecords(c: Captured): number {
  return c.log.toString('latin1').split('\n').filter((l) => l.startsWith('type=URINGOP ')).length;
}
