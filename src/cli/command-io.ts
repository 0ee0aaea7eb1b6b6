// The streams and environment a command works with, passed in so that commands
// run the same from the binary and from tests (no direct use of `process`
// inside command bodies).
import type { Readable, Writable } from 'node:stream';

export interface CommandIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stdin is a pipe or file rather than a terminal (ausearch reads stdin only then). */
  readonly stdinIsPipe: boolean;
}

export function processIo(): CommandIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    stdinIsPipe: !process.stdin.isTTY,
  };
}
