// Runs auditd 3.0.9's `ausearch -i` on made-up records and hands back what it
// printed for each, so table generators can learn the names ausearch uses
// from the tool itself. /etc/protocols is hidden from ausearch (a private
// mount namespace) so that protocol names never stand in for table names.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ProbeRecord {
  readonly type: string;
  /** Everything after `msg=audit(...): `. */
  readonly body: string;
}

/** One event per record, 3 s apart so each completes before the next arrives. */
export function probeAusearch(records: readonly ProbeRecord[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'auspex-probe-'));
  try {
    const file = join(dir, 'probe.log');
    const lines = records.map((r, i) => `type=${r.type} msg=audit(${1600000000 + i * 3}.000:${i + 1}): ${r.body}\n`);
    writeFileSync(file, lines.join(''), 'latin1');
    const script = 'mount --bind /dev/null /etc/protocols && exec ausearch -if "$0" -i';
    let out: string;
    try {
      out = execFileSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script, file], {
        env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' },
        encoding: 'latin1',
        maxBuffer: 1 << 30,
      });
    } catch (e) {
      const err = e as { status?: number; stdout?: string };
      if (err.status === 1 && typeof err.stdout === 'string') out = err.stdout;
      else throw e;
    }
    const results: string[] = new Array<string>(records.length).fill('');
    for (const line of out.split('\n')) {
      const m = /^type=\S+ msg=audit\([^)]*:(\d+)\) : (.*)$/s.exec(line);
      if (m === null) continue;
      results[Number(m[1]) - 1] = m[2] as string;
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true });
  }
}

const TASK = 'items=0 ppid=1 pid=2 auid=0 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=1 comm="p" exe="/p" key=(null)';

/** A SYSCALL record; args are hex without 0x, as the kernel logs them. */
export function syscallRecord(nr: number, args: readonly [string, string, string, string], arch = 'c000003e'): ProbeRecord {
  return {
    type: 'SYSCALL',
    body: `arch=${arch} syscall=${nr} success=yes exit=0 a0=${args[0]} a1=${args[1]} a2=${args[2]} a3=${args[3]} ${TASK}`,
  };
}

/** What ausearch printed for argument `aN` of a probed SYSCALL record. */
export function argOut(line: string, n: 0 | 1 | 2 | 3): string {
  const m = new RegExp(` a${n}=(\\S+) `).exec(` ${line}`);
  if (m === null) throw new Error(`no a${n} in ${line}`);
  return m[1] as string;
}

/** A record of a type ausearch parses nothing from, carrying one field. */
export function fieldRecord(name: string, value: string): ProbeRecord {
  return { type: 'OPENAT2', body: `${name}=${value}` };
}

/** What ausearch printed for the single field of a fieldRecord. */
export function fieldOut(line: string, name: string): string {
  if (!line.startsWith(`${name}=`)) throw new Error(`unexpected probe output ${line}`);
  const v = line.slice(name.length + 1);
  return v.endsWith(' ') ? v.slice(0, -1) : v;
}

export function hex(n: number | bigint): string {
  return n.toString(16);
}
