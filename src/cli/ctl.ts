// auspex ctl: auditctl's command line over auspex's own netlink transport,
// with the io_uring list, --json for -s/-l, and --dry-run. Exit codes as
// auditctl: 0 done, 255 (its -1) on an error, 1 for no arguments and for a
// failed rules file, 4 when not root.
import { readFileSync, statSync } from 'node:fs';
import { machine } from 'node:os';
import { parseCtlArgs, readRulesFile } from '../rules/index.js';
import type { CtlParse } from '../rules/index.js';
import type { CommandIo } from './command-io.js';
import { systemRuleHost } from './ctl-host.js';
import { USAGE } from './ctl-format.js';
import { runSteps } from './ctl-run.js';
import type { RunContext, StepOutcome } from './ctl-run.js';
import { dryRunTarget, liveTarget } from './ctl-target.js';
import { runExplain } from './ctl-explain.js';
import { runLint } from './ctl-lint.js';
import { runCost } from './ctl-cost.js';
import type { Command } from './main.js';

const EXIT_ERROR = 255;

/** auditctl's get_reply after a line whose options only asked for replies (-e/-f/-b/-r). */
function wantsStatusReply(p: CtlParse): boolean {
  return p.error === undefined && !p.steps.some((s) => s.kind !== 'set');
}

function report(ctx: RunContext, p: CtlParse): void {
  for (const w of p.warnings) ctx.err(`${w}\n`);
  if (p.error !== undefined) ctx.err(`${p.error.message}\n`);
}

/** One command line: what auditctl's main() does after setopt. */
function runLine(ctx: RunContext, p: CtlParse): StepOutcome {
  report(ctx, p);
  const outcome = runSteps(ctx, p.steps, wantsStatusReply(p));
  if (p.error !== undefined || p.silentError === true) return 'error';
  return outcome;
}

/** auditctl's checks on a rules file before reading it; a message or undefined. */
function rulesFileProblem(path: string): { message: string; code: number } | undefined {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { message: `audit rules file ${path} doesn't exist`, code: 1 };
    return { message: `Error opening ${path} (${(e as Error).message})`, code: 1 };
  }
  if (st.uid !== 0) return { message: `Error - ${path} isn't owned by root`, code: 1 };
  if ((st.mode & 0o002) !== 0) return { message: `Error - ${path} is world writable`, code: 1 };
  if (!st.isFile()) return { message: `Error - ${path} is not a regular file`, code: 1 };
  return undefined;
}

/** -R FILE: every line as a command, errors as FILE:LINE: message; -i goes on, -c goes on and fails at the end. */
function runRulesFile(ctx: RunContext, path: string): number {
  const problem = rulesFileProblem(path);
  if (problem !== undefined) {
    ctx.err(`${problem.message}\n`);
    return problem.code;
  }
  if (!ctx.target.dryRun) {
    try {
      if (ctx.target.getStatus()?.enabled === 2) {
        ctx.err('The audit system is in immutable mode, no rule changes allowed\n');
        return 0;
      }
    } catch {
      ctx.err('The audit system is disabled\n');
      return 0;
    }
  }
  const host = systemRuleHost();
  const err = ctx.err;
  let failed = false;
  for (const line of readRulesFile(readFileSync(path, 'utf8'))) {
    const p = parseCtlArgs(line.args, { ...host, machine: ctx.machine }, { lineNo: line.lineNo });
    // Every message about this line, the parser's and the kernel's, names it.
    ctx.err = (t) => err(t.split('\n').map((l) => (l === '' ? l : `${path}:${line.lineNo}: ${l}`)).join('\n'));
    const outcome = runLine(ctx, p);
    ctx.err = err;
    if (outcome === 'error') {
      if (!ctx.ignoreErrors) return 1;
      if (ctx.continueOnError) failed = true;
    }
  }
  return failed ? 1 : 0;
}

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const json = argv.includes('--json');
  const dryRun = argv.includes('--dry-run');
  const args = argv.filter((a) => a !== '--json' && a !== '--dry-run');
  const out = (t: string): void => void io.stdout.write(t);
  const err = (t: string): void => void io.stderr.write(t);
  if (args.length === 0) {
    out(USAGE);
    return 1;
  }
  // Replays and checks of rules, done by detect/ (the kernel is only read, for --explain without -R).
  if (args.includes('--explain')) return runExplain(args, json, io.env.AUSPEX_MACHINE ?? machine(), io);
  if (args.includes('--lint')) return runLint(args, json, io.env.AUSPEX_MACHINE ?? machine(), io);
  // The rules' cost per syscall, measured on the live kernel with a workload child.
  if (args.includes('--cost')) {
    if (!dryRun) return runCost(args, json, io.env.AUSPEX_MACHINE ?? machine(), io);
    err('auspex ctl --cost: it measures on the live kernel; --dry-run does not apply\n');
    return EXIT_ERROR;
  }
  const helpOnly = args.length === 1 && (args[0] === '-h' || args[0] === '--help');
  if (!dryRun && !helpOnly && process.geteuid?.() !== 0) {
    err('You must be root to run this program.\n');
    return 4;
  }
  const here = io.env.AUSPEX_MACHINE ?? machine();
  const target = dryRun ? dryRunTarget(out, here) : liveTarget();
  const ctx: RunContext = { target, machine: here, json, out, err, immutable: false, ignoreErrors: false, continueOnError: false };
  try {
    // -R FILE alone as auditctl takes it; -i/-c before it are auspex's shorthand for those lines in the file.
    const rIndex = args.indexOf('-R');
    if (rIndex >= 0 && rIndex === args.length - 2 && args.slice(0, rIndex).every((a) => a === '-i' || a === '-c')) {
      for (const a of args.slice(0, rIndex)) {
        ctx.ignoreErrors = true;
        if (a === '-c') ctx.continueOnError = true;
      }
      return runRulesFile(ctx, args[rIndex + 1] as string);
    }
    const p = parseCtlArgs(args, { ...systemRuleHost(), machine: here });
    const outcome = runLine(ctx, p);
    return outcome === 'error' ? EXIT_ERROR : 0;
  } finally {
    target.close();
  }
}

export const ctlCommand: Command = {
  summary: 'control the kernel audit system: auditctl options, io_uring rules, --json, --dry-run',
  run,
};
