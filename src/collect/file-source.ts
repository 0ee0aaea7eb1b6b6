// Follows a log file that auditd (or anything else) appends to, as `tail -F`
// does but losing nothing across rotation: when the path names a new file
// (auditd renamed the old one to .1 and opened a new one) the old file is
// read to its end before the new one is opened; a file cut short
// (copytruncate) is read again from its start. Only complete lines are handed
// on; the position reached (inode, offset) is kept so a restart resumes there,
// even when the file was rotated in between.
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import type { CollectSource, SourceHandlers } from './source.js';

export interface FilePosition {
  readonly path: string;
  readonly ino: number;
  /** Bytes of the file already handed on (complete lines only). */
  readonly offset: number;
}

export interface FileSourceOptions {
  readonly path: string;
  /** Where a previous run stopped; absent: start at the file's current end (only new records). */
  readonly resume?: FilePosition;
  readonly pollMs?: number;
}

const CHUNK_BYTES = 1 << 20;

interface Open {
  fd: number;
  ino: number;
  /** Bytes read from the file so far. */
  read: number;
  /** Bytes of those handed on (the rest is an incomplete last line, held in `partial`). */
  handed: number;
  partial: Buffer | undefined;
}

export class FileSource implements CollectSource {
  readonly kind = 'file' as const;
  readonly description: string;
  readonly #options: FileSourceOptions;
  readonly #buf = Buffer.allocUnsafe(CHUNK_BYTES);
  #open: Open | undefined;
  #stopped: FilePosition | undefined;
  #timer: NodeJS.Timeout | undefined;
  #handlers: SourceHandlers | undefined;
  /** Rotated files (older first) to read to their end before the current one. */
  #backlog: Array<{ path: string; offset: number }> = [];

  constructor(options: FileSourceOptions) {
    this.#options = options;
    this.description = `file:${options.path}`;
  }

  /** Where reading stands (kept after stop(), for the status file a restart resumes from). */
  get position(): FilePosition | undefined {
    const o = this.#open;
    return o === undefined ? this.#stopped : { path: this.#options.path, ino: o.ino, offset: o.handed };
  }

  async start(handlers: SourceHandlers): Promise<void> {
    this.#handlers = handlers;
    const { path, resume } = this.#options;
    let ino: number | undefined;
    try {
      ino = statSync(path).ino;
    } catch {
      ino = undefined; // not there yet: wait for it
    }
    if (resume !== undefined && resume.path === path) {
      if (ino === resume.ino) this.#openAt(path, resume.offset);
      else {
        // Rotated while we were away: finish the file we were reading, wherever it went.
        const moved = findRotated(path, resume.ino);
        if (moved !== undefined) this.#backlog.push({ path: moved, offset: resume.offset });
        if (ino !== undefined) this.#backlog.push({ path, offset: 0 });
      }
    } else if (ino !== undefined) {
      this.#openAt(path, statSync(path).size);
    }
    this.#poll();
  }

  async stop(): Promise<void> {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#poll(false);
    this.#stopped = this.position;
    if (this.#open !== undefined) closeSync(this.#open.fd);
    this.#open = undefined;
  }

  #openAt(path: string, offset: number): void {
    const fd = openSync(path, 'r');
    const st = fstatSync(fd);
    const at = offset <= st.size ? offset : 0;
    this.#open = { fd, ino: st.ino, read: at, handed: at, partial: undefined };
  }

  #poll(again = true): void {
    try {
      this.#step();
    } catch (e) {
      this.#handlers?.error(e as Error);
    }
    if (again) this.#timer = setTimeout(() => this.#poll(), this.#options.pollMs ?? 100);
  }

  #step(): void {
    for (;;) {
      if (this.#open === undefined) {
        const next = this.#backlog.shift();
        if (next !== undefined) this.#openAt(next.path, next.offset);
        else {
          try {
            statSync(this.#options.path);
          } catch {
            return; // still no file
          }
          this.#openAt(this.#options.path, 0);
        }
      }
      const o = this.#open as Open;
      this.#drain(o);
      if (this.#backlog.length > 0) {
        this.#finish(o);
        continue;
      }
      let current: number | undefined;
      try {
        current = statSync(this.#options.path).ino;
      } catch {
        current = undefined;
      }
      if (current !== undefined && current !== o.ino) {
        // Rotated: what was written before the rename is in our fd; read it all, then move on.
        this.#drain(o);
        this.#finish(o);
        this.#openAt(this.#options.path, 0);
        continue;
      }
      if (fstatSync(o.fd).size < o.read) {
        // Truncated in place: start over.
        o.read = o.handed = 0;
        o.partial = undefined;
        continue;
      }
      return;
    }
  }

  /** Reads to the current end, handing on complete lines. */
  #drain(o: Open): void {
    for (;;) {
      const n = readSync(o.fd, this.#buf, 0, this.#buf.length, o.read);
      if (n <= 0) return;
      o.read += n;
      let chunk = this.#buf.subarray(0, n);
      if (o.partial !== undefined) {
        chunk = Buffer.concat([o.partial, chunk]);
        o.partial = undefined;
      }
      const lastNl = chunk.lastIndexOf(10);
      if (lastNl < 0) {
        o.partial = Buffer.from(chunk);
        continue;
      }
      if (lastNl + 1 < chunk.length) o.partial = Buffer.from(chunk.subarray(lastNl + 1));
      const lines = Buffer.from(chunk.subarray(0, lastNl + 1));
      o.handed += lines.length;
      this.#handlers?.batch(lines, { overruns: 0 });
    }
  }

  /** Done with a file: a last line without its newline still counts. */
  #finish(o: Open): void {
    if (o.partial !== undefined && o.partial.length > 0) {
      o.handed += o.partial.length;
      this.#handlers?.batch(Buffer.concat([o.partial, Buffer.from('\n')]), { overruns: 0 });
    }
    closeSync(o.fd);
    this.#open = undefined;
  }
}

/** The rotated copy (PATH.1 ... PATH.99) that still has inode `ino`. */
function findRotated(path: string, ino: number): string | undefined {
  for (let i = 1; i < 100; i++) {
    try {
      if (statSync(`${path}.${i}`).ino === ino) return `${path}.${i}`;
    } catch {
      if (i > 10) return undefined;
    }
  }
  return undefined;
}
