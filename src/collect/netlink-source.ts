// The kernel as a source: multicast group 1 beside a running auditd, or
// unicast as the audit daemon itself. Unicast follows auditd's start-up
// handshake (the enabled flag as configured, then AUDIT_SET pid from the
// reading socket, the kernel's lost count noted) and its shutdown (AUDIT_SET
// pid 0, then what was already queued for us is read and written). A
// process exit of any other kind still hands the kernel back (an exit hook):
// only SIGKILL can leave it pointing at a dead pid, and the kernel notices
// that itself at its next send and drops the registration.
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { AuditControl, KernelError } from '../kernel/index.js';
import type { AuditStatus } from '../kernel/index.js';
import { CollectError } from './collect-error.js';
import type { StartupState } from './config.js';
import type { NetlinkWorkerInit, NetlinkWorkerMessage } from './netlink-worker.js';
import type { CollectSource, SourceHandlers } from './source.js';

const AUDIT_STATUS_ENABLED = 1;
const AUDIT_STATUS_PID = 4;
/** Lines the reader may hand over before the pipeline has taken them: the most we can lose to a crash. */
const CREDIT_LINES = 4096;

export interface NetlinkSourceOptions {
  readonly mode: 'multicast' | 'unicast';
  readonly receiveBufferBytes: number;
  readonly readBatchMs: number;
  readonly node: string | undefined;
  readonly startupState: StartupState;
}

/** Whether a process id is alive: it exists (signal 0) and is not a zombie waiting to be reaped. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

export class NetlinkSource implements CollectSource {
  readonly kind: 'multicast' | 'unicast';
  readonly description: string;
  readonly #options: NetlinkSourceOptions;
  readonly #control = new Int32Array(new SharedArrayBuffer(8));
  #worker: Worker | undefined;
  #registered = false;
  #closed: Promise<void> | undefined;
  #statusAtStart: AuditStatus | undefined;
  #receiveBufferBytes = 0;
  readonly #onExit = (): void => this.#handBack();

  constructor(options: NetlinkSourceOptions) {
    this.#options = options;
    this.kind = options.mode;
    this.description = options.mode;
  }

  /** The kernel's status when the source started (its lost count is what was lost before us). */
  get statusAtStart(): AuditStatus | undefined {
    return this.#statusAtStart;
  }

  get receiveBufferBytes(): number {
    return this.#receiveBufferBytes;
  }

  async start(handlers: SourceHandlers): Promise<void> {
    const unicast = this.#options.mode === 'unicast';
    const ctl = AuditControl.open();
    try {
      const status = ctl.getStatus();
      this.#statusAtStart = status;
      if (unicast) {
        if (status.pid !== 0 && status.pid !== process.pid && processAlive(status.pid)) {
          throw new CollectError('E_DAEMON_PRESENT', `another audit daemon (pid ${status.pid}) owns the kernel's audit stream; use --source multicast beside it`);
        }
        // auditd -s: set the enabled flag first (never touching an immutable kernel).
        const want = this.#options.startupState;
        if (want !== 'nochange' && status.enabled !== 2) ctl.setStatus({ mask: AUDIT_STATUS_ENABLED, enabled: want === 'enable' ? 1 : 0 });
      }
    } finally {
      ctl.close();
    }
    if (unicast) process.on('exit', this.#onExit);
    Atomics.store(this.#control, 0, CREDIT_LINES);
    const init: NetlinkWorkerInit = {
      mode: this.#options.mode,
      pid: process.pid,
      receiveBufferBytes: this.#options.receiveBufferBytes,
      readBatchMs: this.#options.readBatchMs,
      node: this.#options.node,
      control: this.#control.buffer as SharedArrayBuffer,
    };
    const worker = new Worker(new URL('./netlink-worker.js', import.meta.url), { workerData: init });
    this.#worker = worker;
    let ready = false;
    await new Promise<void>((resolve, reject) => {
      this.#closed = new Promise<void>((closed) => worker.once('exit', () => closed()));
      worker.on('message', (m: NetlinkWorkerMessage) => {
        switch (m.kind) {
          case 'ready':
            ready = true;
            this.#registered = unicast;
            this.#receiveBufferBytes = m.receiveBufferBytes;
            resolve();
            break;
          case 'batch':
            handlers.batch(Buffer.from(m.lines, 0, m.bytes), { overruns: m.overruns });
            Atomics.add(this.#control, 0, m.count);
            Atomics.notify(this.#control, 0);
            break;
          case 'error': {
            const e = new KernelError('E_KERNEL_ERRNO', `${m.what}: ${m.reason}`, { errno: m.errno, reason: m.reason });
            if (ready) handlers.error(e);
            else reject(new CollectError('E_SOURCE', e.message, { cause: e }));
            break;
          }
          case 'closed':
            break;
          default: {
            const never: never = m;
            throw new Error(`unexpected worker message ${JSON.stringify(never)}`);
          }
        }
      });
      worker.on('error', (e) => (ready ? handlers.error(e) : reject(e)));
      worker.once('exit', () => {
        if (!ready) reject(new CollectError('E_SOURCE', 'the netlink reader stopped before it was ready'));
      });
    });
  }

  async stop(): Promise<void> {
    const worker = this.#worker;
    if (worker === undefined) return;
    // Hand the kernel back first, then read what it had already sent us.
    this.#handBack();
    Atomics.store(this.#control, 1, 2);
    Atomics.notify(this.#control, 0);
    Atomics.notify(this.#control, 1);
    const killer = setTimeout(() => void worker.terminate(), 5000);
    await this.#closed;
    clearTimeout(killer);
    this.#worker = undefined;
  }

  /** AUDIT_SET pid 0, if the kernel still names us. Synchronous, so it also runs from an exit hook. */
  #handBack(): void {
    if (!this.#registered) return;
    this.#registered = false;
    process.off('exit', this.#onExit);
    let ctl: AuditControl | undefined;
    try {
      ctl = AuditControl.open();
      if (ctl.getStatus().pid === process.pid) ctl.setStatus({ mask: AUDIT_STATUS_PID, pid: 0 });
    } catch {
      // Nothing more can be done here; the kernel drops a dead daemon at its next send.
    } finally {
      ctl?.close();
    }
  }
}
