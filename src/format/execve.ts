// Joins the arguments of an execve event back together. The kernel logs each
// argument as aN="text" or aN=HEX; one longer than its buffer is split as
// aN_len=LEN aN[0]=... aN[1]=..., possibly over several EXECVE records.
import type { Field } from './fields.js';
import { decodeStringValue } from './fields.js';

export interface ExecveArgs {
  readonly argc: number | undefined;
  /** Decoded arguments (latin1 text: one char per byte). */
  readonly argv: readonly string[];
  /** Arguments whose pieces did not add up to the announced length. */
  readonly incomplete: readonly number[];
}

const ARG = /^a(\d+)(?:(_len)|\[(\d+)\])?$/;

export function joinExecveArgs(records: ReadonlyArray<readonly Field[]>): ExecveArgs {
  let argc: number | undefined;
  const argv: string[] = [];
  // aN_len counts the argument as logged: twice its bytes when hex-encoded.
  const expected = new Map<number, number>();
  const logged = new Map<number, number>();
  for (const fields of records) {
    for (const f of fields) {
      if (f.name === 'argc') {
        argc = Number(f.value);
        continue;
      }
      const m = ARG.exec(f.name);
      if (m === null) continue;
      const i = Number(m[1]);
      if (m[2] !== undefined) {
        expected.set(i, Number(f.value));
        argv[i] = '';
      } else if (m[3] !== undefined) {
        argv[i] = (argv[i] ?? '') + decodeStringValue(f.value);
        const quoted = f.value.startsWith('"') && f.value.endsWith('"') && f.value.length >= 2;
        logged.set(i, (logged.get(i) ?? 0) + (quoted ? f.value.length - 2 : f.value.length));
      }
      else argv[i] = decodeStringValue(f.value);
    }
  }
  const incomplete: number[] = [];
  for (const [i, len] of expected) if ((logged.get(i) ?? 0) !== len) incomplete.push(i);
  for (let i = 0; i < argv.length; i++) if (argv[i] === undefined) argv[i] = '';
  return { argc, argv, incomplete };
}
