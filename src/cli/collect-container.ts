// `auspex container set PID ID [--registry PATH]`: an orchestrator gives a
// process its audit container ID. Where the kernel has
// /proc/PID/audit_containerid the kernel decides and logs; elsewhere (mainline)
// auspex applies the proposal's rules itself (no self-set, no unset, once
// unless inherited, CAP_AUDIT_CONTROL), keeps the assignment in its registry
// (read by auspex collect) and writes the decision into the kernel's trail as
// a USER message `op=set opid= old-contid= contid= res=`, which the kernel
// stamps with the caller's pid, uid, auid and session.
// Exit codes: 0 set, 1 refused (the reason on stderr), 2 bad command line.
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmdirSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseCommandArgs, usageExit } from './command-args.js';
import { readText } from './host-files.js';
import { DEFAULT_CONTAINER_REGISTRY } from '../collect/index.js';
import { bootTicks, contidMessage, createProcSource, decideSet, hasAuditControl, parseContid, parseRegistry, parseStat } from '../enrich/index.js';
import type { Registry } from '../enrich/index.js';
import { AuditControl } from '../kernel/index.js';
import type { CommandIo } from './command-io.js';
import type { Command } from './main.js';

const USAGE = `usage: auspex container set PID ID [--registry PATH]
  Gives process PID (and the children it starts from now on) the audit container ID ID.
  Refused: setting one's own ID, the unset value 18446744073709551615, and setting a
  process's ID a second time unless the one it has was inherited from its parent.
  --registry  where assignments are kept (default ${DEFAULT_CONTAINER_REGISTRY})
`;
const AUDIT_USER = 1005;

/** A lock directory beside the registry, so concurrent `set`s read and write it one at a time. */
async function withLock<T>(registry: string, fn: () => T): Promise<T> {
  const lock = `${registry}.lock`;
  mkdirSync(dirname(registry), { recursive: true, mode: 0o700 });
  for (let i = 0; ; i++) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || i > 200) throw e;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  try {
    return fn();
  } finally {
    rmdirSync(lock);
  }
}

function writeRegistry(path: string, reg: Registry): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(reg)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

/** The kernel's own interface, where it exists: it checks the rules and logs the record. */
function kernelSet(pid: number, id: string, io: CommandIo): number | undefined {
  const path = `/proc/${pid}/audit_containerid`;
  if (!existsSync(path)) return undefined;
  try {
    const fd = openSync(path, 'w');
    try {
      writeSync(fd, id);
    } finally {
      closeSync(fd);
    }
    return 0;
  } catch (e) {
    io.stderr.write(`auspex container: the kernel refused: ${(e as Error).message}\n`);
    return 1;
  }
}

async function set(pidText: string, idText: string, registry: string, io: CommandIo): Promise<number> {
  if (!/^\d+$/.test(pidText)) {
    io.stderr.write(`auspex container: '${pidText}' is not a process id\n${USAGE}`);
    return 2;
  }
  const pid = Number(pidText);
  const viaKernel = kernelSet(pid, idText, io);
  if (viaKernel !== undefined) return viaKernel;
  const proc = createProcSource();
  const cap = hasAuditControl(readText('/proc/self/status'));
  return withLock(registry, () => {
    const reg = parseRegistry(readText(registry));
    const d = decideSet(reg, proc, process.pid, cap, pid, idText, bootTicks(readText('/proc/uptime')));
    if (d.ok) {
      // Keep only assignments of processes still alive (same start time), then this one.
      const alive = reg.assignments.filter((a) => {
        const st = proc.stat(a.pid);
        const s = st === undefined ? undefined : parseStat(st);
        return a.pid !== pid && s !== undefined && s.start === a.start;
      });
      writeRegistry(registry, { version: 1, assignments: [...alive, d.assignment] });
    }
    if (d.ok || d.errno !== 'ESRCH') {
      try {
        const ctl = AuditControl.open();
        try {
          ctl.sendUserMessage(AUDIT_USER, contidMessage(pid, d, parseContid(idText) ?? idText));
        } finally {
          ctl.close();
        }
      } catch (e) {
        io.stderr.write(`auspex container: could not write the record into the audit trail: ${(e as Error).message}\n`);
        if (d.ok) return 1;
      }
    }
    if (!d.ok) {
      io.stderr.write(`auspex container: ${d.errno}: ${d.reason}\n`);
      return 1;
    }
    return 0;
  });
}

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const parsed = parseCommandArgs(argv, { registry: { type: 'string' } }, true);
  if (parsed === 'help' || 'error' in parsed) return usageExit(parsed, 'container', USAGE, io);
  const { values, positionals } = parsed;
  const [verb, pid, id] = positionals;
  if (verb !== 'set' || pid === undefined || id === undefined || positionals.length !== 3) {
    io.stderr.write(USAGE);
    return 2;
  }
  return set(pid, id, values.registry ?? DEFAULT_CONTAINER_REGISTRY, io);
}

export const containerCommand: Command = {
  summary: 'give a process its audit container ID (the proposal\'s rules; kept by auspex on mainline kernels)',
  run,
};
