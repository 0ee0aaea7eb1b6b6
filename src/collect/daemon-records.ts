// The records a daemon writes about itself, as auditd 3.0.9 writes them
// (auditd.c send_audit_event, libaudit audit_format_signal_info):
// `type=DAEMON_START msg=audit(SEC.MS:N): op=start ver=... format=raw
// kernel=... auid= pid= uid= ses= res=success`, DAEMON_END / ROTATE / RESUME /
// CONFIG with the sender of the signal when the kernel told us who it was.
// N is the daemon's own counter (random start below 10000, then +1), not a
// kernel serial. Pure: time, ids and the random start come in.

export type DaemonRecordType = 'DAEMON_START' | 'DAEMON_END' | 'DAEMON_ABORT' | 'DAEMON_CONFIG' | 'DAEMON_ROTATE' | 'DAEMON_RESUME';

/** Who sent a signal, from AUDIT_SIGNAL_INFO (unicast only) and /proc. */
export interface SignalSender {
  readonly auid: number;
  readonly uid: number;
  readonly ses: string;
  readonly pid: number;
}

export class DaemonRecords {
  #seq: number;
  readonly #node: string | undefined;

  constructor(randomStart: number, node: string | undefined) {
    this.#seq = randomStart % 10000;
    this.#node = node;
  }

  /** One log line (without newline). */
  line(type: DaemonRecordType, text: string, nowMs: number): string {
    const seq = this.#seq++;
    const sec = Math.floor(nowMs / 1000);
    const ms = String(nowMs % 1000).padStart(3, '0');
    return `${this.#node === undefined ? '' : `node=${this.#node} `}type=${type} msg=audit(${sec}.${ms}:${seq}): ${text}`;
  }
}

export interface StartInfo {
  readonly version: string;
  readonly format: 'raw' | 'enriched' | 'nolog';
  readonly kernelRelease: string;
  readonly auid: number;
  readonly pid: number;
  readonly uid: number;
  readonly ses: number;
}

export function startText(s: StartInfo): string {
  return `op=start ver=${s.version} format=${s.format} kernel=${s.kernelRelease.slice(0, 56)} auid=${s.auid} pid=${s.pid} uid=${s.uid} ses=${s.ses} res=success`;
}

/** `op=OP auid= uid= ses= pid= res=`, or auditd's placeholder when the sender is unknown. */
export function signalText(op: string, sender: SignalSender | undefined, res: 'success' | 'failed'): string {
  if (sender === undefined) return `op=${op} auid=-1 uid=-1 ses=-1 pid=-1 subj=? res=${res}`;
  return `op=${op} auid=${sender.auid} uid=${sender.uid} ses=${sender.ses} pid=${sender.pid} res=${res}`;
}
