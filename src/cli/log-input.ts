// Where search-like commands read from, and reading it: named files (gzip
// detected by its magic bytes), a log directory or the configured log as a
// rotated set (audit.log.N ... audit.log.1, audit.log: oldest first, as
// ausearch reads them), or stdin.
import { accessSync, constants, createReadStream, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { join } from 'node:path';

export type LogInput =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'stdin' };

export const READ_CHUNK_BYTES = 1024 * 1024;

function readable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/** The rotated set of `base`: base.N down to base.1, then base, stopping at the first gap. */
export function rotatedSet(base: string): LogInput[] {
  if (!readable(base)) return [{ kind: 'file', path: base }]; // let the open report the error
  const files: LogInput[] = [{ kind: 'file', path: base }];
  for (let n = 1; readable(`${base}.${n}`); n++) files.unshift({ kind: 'file', path: `${base}.${n}` });
  return files;
}

/** Expands one `-if` argument: `-` is stdin, a directory its audit.log set, else the file. */
export function expandInputArg(arg: string, note: (text: string) => void): LogInput[] {
  if (arg === '-') return [{ kind: 'stdin' }];
  let isDir = false;
  try {
    isDir = statSync(arg).isDirectory();
  } catch {
    // reported when opened
  }
  if (!isDir) return [{ kind: 'file', path: arg }];
  const base = join(arg, 'audit.log');
  note(`NOTE - using logs in ${base}\n`);
  return rotatedSet(base);
}

export function inputName(input: LogInput): string {
  return input.kind === 'stdin' ? 'stdin' : input.path;
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/**
 * The chunks of one input. A file whose first bytes are the gzip magic is
 * decompressed on the fly. Open errors reject with the errno-carrying error.
 */
export async function* readInput(input: LogInput, stdin: Readable): AsyncGenerator<Buffer> {
  if (input.kind === 'stdin') {
    for await (const chunk of stdin) yield typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : (chunk as Buffer);
    return;
  }
  const stream = createReadStream(input.path, { highWaterMark: READ_CHUNK_BYTES });
  let source: AsyncIterable<Buffer> = stream;
  const it = stream[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done === true) return;
  const head = first.value as Buffer;
  if (head[0] === GZIP_MAGIC_0 && head[1] === GZIP_MAGIC_1) {
    const gunzip = createGunzip({ chunkSize: 256 * 1024 });
    const feed = async (): Promise<void> => {
      try {
        if (!gunzip.write(head)) await new Promise((r) => gunzip.once('drain', r));
        for (let n = await it.next(); n.done !== true; n = await it.next()) {
          if (!gunzip.write(n.value as Buffer)) await new Promise((r) => gunzip.once('drain', r));
        }
        gunzip.end();
      } catch (err) {
        gunzip.destroy(err as Error);
      }
    };
    void feed();
    source = gunzip;
    for await (const chunk of source) yield chunk as Buffer;
    return;
  }
  yield head;
  for (let n = await it.next(); n.done !== true; n = await it.next()) yield n.value as Buffer;
}
