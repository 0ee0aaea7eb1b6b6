// What the daemon asks of the host: its own audit identity (for DAEMON_START),
// the node name auditd would write, who sent a signal (AUDIT_SIGNAL_INFO), the
// kernel's counters, and auditd's exec / runlevel actions.
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { hostname, networkInterfaces, release } from 'node:os';
import { AuditControl } from '../kernel/index.js';
import type { NameFormat } from './config.js';
import type { SignalSender } from './daemon-records.js';
import type { KernelCounters } from './status.js';

const AUDIT_SIGNAL_INFO = 1010;

function readNumber(path: string, fallback: number): number {
  try {
    const n = Number(readFileSync(path, 'utf8').trim());
    return Number.isFinite(n) ? n : fallback;
  } catch {
    return fallback;
  }
}

export interface SelfIdentity {
  readonly kernelRelease: string;
  readonly auid: number;
  readonly ses: number;
  readonly uid: number;
  readonly pid: number;
}

export function selfIdentity(): SelfIdentity {
  return {
    kernelRelease: release(),
    auid: readNumber('/proc/self/loginuid', 4294967295),
    ses: readNumber('/proc/self/sessionid', 4294967295),
    uid: process.getuid?.() ?? 0,
    pid: process.pid,
  };
}

/** auditd's node name for name_format (fqd is taken as the host name: no resolver here). */
export function nodeName(format: NameFormat, name: string | undefined): string | undefined {
  switch (format) {
    case 'none':
      return undefined;
    case 'user':
      return name;
    case 'hostname':
    case 'fqd':
      return hostname();
    case 'numeric': {
      for (const list of Object.values(networkInterfaces())) {
        for (const a of list ?? []) if (!a.internal && a.family === 'IPv4') return a.address;
      }
      return hostname();
    }
    default: {
      const never: never = format;
      return String(never);
    }
  }
}

/** The kernel's counters now, or undefined when it cannot be asked (not root). */
export function pollKernel(): KernelCounters | undefined {
  let ctl: AuditControl | undefined;
  try {
    ctl = AuditControl.open({ timeoutMs: 1000 });
    const s = ctl.getStatus();
    return { enabled: s.enabled, pid: s.pid, lost: s.lost, backlog: s.backlog, backlogLimit: s.backlogLimit };
  } catch {
    return undefined;
  } finally {
    ctl?.close();
  }
}

/**
 * Who sent the last signal to the audit daemon: the kernel keeps it for the
 * registered daemon only (audit_signal_info), so only unicast asks.
 */
export function signalSender(): SignalSender | undefined {
  let ctl: AuditControl | undefined;
  try {
    ctl = AuditControl.open({ timeoutMs: 1000 });
    const r = ctl.socket.request(AUDIT_SIGNAL_INFO, Buffer.alloc(0), 'reply', 'AUDIT_SIGNAL_INFO');
    const m = r.replies.find((x) => x.type === AUDIT_SIGNAL_INFO);
    if (m === undefined || m.payload.length < 8) return undefined;
    const auid = m.payload.readUInt32LE(0);
    const pid = m.payload.readInt32LE(4);
    let uid = 4294967295;
    try {
      uid = statSync(`/proc/${pid}`).uid;
    } catch {
      // gone already
    }
    let ses = '4294967295';
    try {
      ses = readFileSync(`/proc/${pid}/sessionid`, 'utf8').trim();
    } catch {
      // gone already
    }
    return { auid, uid, ses, pid };
  } catch {
    return undefined;
  } finally {
    ctl?.close();
  }
}

export function runDetached(path: string, args: readonly string[] = []): void {
  const child = spawn(path, args, { detached: true, stdio: 'ignore' });
  child.on('error', () => undefined);
  child.unref();
}
