// The audit event stream without blocking Node's event loop: a worker thread
// (event-reader-worker.ts) blocks in poll()/recv on a NETLINK_AUDIT socket
// joined to multicast group 1 (AUDIT_NLGRP_READLOG, needs CAP_AUDIT_READ; it
// reads alongside auditd) and hands batches of records to this thread, which
// offers them as an async iterable. At most `maxInFlight` records wait here;
// beyond that the worker stops reading and the kernel drops and counts.
// The collector may swap the worker for a small N-API addon behind the same API.
import { Worker } from 'node:worker_threads';
import { KernelError, errnoHint } from './kernel-error.js';

/** One audit record as the kernel sent it: netlink type = record type, payload = `audit(...): ...` text. */
export interface AuditRecordMessage {
  readonly type: number;
  readonly payload: Buffer;
}

export interface EventReaderOptions {
  /** Multicast group (1 = AUDIT_NLGRP_READLOG). */
  readonly group?: number;
  /** Records held in this thread before the worker pauses. */
  readonly maxInFlight?: number;
  /** SO_RCVBUF for the socket (the kernel doubles it and caps it at rmem_max). */
  readonly receiveBufferBytes?: number;
}

export interface EventReaderStats {
  readonly received: number;
  /** Times the socket overflowed (ENOBUFS): records the kernel could not deliver to us. */
  readonly overruns: number;
}

type WorkerMessage =
  | { kind: 'ready' }
  | { kind: 'closed' }
  | { kind: 'error'; what: string; errno: number; reason: string }
  | { kind: 'batch'; messages: Array<{ type: number; payload: ArrayBuffer }>; overruns: number };

export class AuditEventReader implements AsyncIterable<AuditRecordMessage> {
  readonly #worker: Worker;
  readonly #control: Int32Array;
  readonly #queue: AuditRecordMessage[] = [];
  #waiting: (() => void) | undefined;
  #error: KernelError | undefined;
  #closed = false;
  #received = 0;
  #overruns = 0;

  private constructor(worker: Worker, control: Int32Array) {
    this.#worker = worker;
    this.#control = control;
    worker.on('message', (m: WorkerMessage) => this.#onMessage(m));
    worker.on('error', (e) => this.#fail(new KernelError('E_KERNEL_SOCKET', `event reader thread failed: ${e.message}`, { cause: e })));
    worker.on('exit', () => {
      this.#closed = true;
      this.#wake();
    });
  }

  /** Opens the socket in a worker and resolves once it has joined the group. */
  static async open(options: EventReaderOptions = {}): Promise<AuditEventReader> {
    const control = new Int32Array(new SharedArrayBuffer(8));
    Atomics.store(control, 0, options.maxInFlight ?? 1024);
    const worker = new Worker(new URL('./event-reader-worker.js', import.meta.url), {
      workerData: { group: options.group ?? 1, receiveBufferBytes: options.receiveBufferBytes ?? 1 << 20, control: control.buffer },
    });
    const reader = new AuditEventReader(worker, control);
    await new Promise<void>((resolve, reject) => {
      const onMessage = (m: WorkerMessage): void => {
        if (m.kind === 'ready') resolve();
        if (m.kind === 'error') reject(reader.#error);
      };
      worker.on('message', onMessage);
      worker.once('exit', () => reject(reader.#error ?? new KernelError('E_KERNEL_SOCKET', 'event reader thread ended')));
    });
    return reader;
  }

  get stats(): EventReaderStats {
    return { received: this.#received, overruns: this.#overruns };
  }

  #onMessage(m: WorkerMessage): void {
    if (m.kind === 'batch') {
      for (const x of m.messages) this.#queue.push({ type: x.type, payload: Buffer.from(x.payload) });
      this.#received += m.messages.length;
      this.#overruns += m.overruns;
      this.#wake();
    } else if (m.kind === 'error') {
      const hint = errnoHint(m.errno);
      this.#fail(new KernelError('E_KERNEL_ERRNO', `${m.what}: ${m.reason}${hint !== undefined ? `: ${hint}` : ''}`, { errno: m.errno, reason: m.reason }));
    }
  }

  #fail(e: KernelError): void {
    this.#error ??= e;
    this.#wake();
  }

  #wake(): void {
    const w = this.#waiting;
    this.#waiting = undefined;
    w?.();
  }

  /** The next record, or undefined once closed. Throws the worker's error. */
  async next(): Promise<AuditRecordMessage | undefined> {
    for (;;) {
      const m = this.#queue.shift();
      if (m !== undefined) {
        Atomics.add(this.#control, 0, 1);
        Atomics.notify(this.#control, 0);
        return m;
      }
      if (this.#error !== undefined) throw this.#error;
      if (this.#closed) return undefined;
      await new Promise<void>((resolve) => {
        this.#waiting = resolve;
      });
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<AuditRecordMessage> {
    for (;;) {
      const m = await this.next();
      if (m === undefined) return;
      yield m;
    }
  }

  /** Stops the worker (within its 100 ms poll) and closes the socket. */
  async close(): Promise<void> {
    if (this.#closed) return;
    Atomics.store(this.#control, 1, 1);
    Atomics.notify(this.#control, 0);
    await new Promise<void>((resolve) => {
      this.#worker.once('exit', () => resolve());
      setTimeout(() => void this.#worker.terminate(), 1000).unref();
    });
    this.#closed = true;
    this.#wake();
  }
}
