// The typed form of one audit rule, between auditctl text and the kernel's
// `struct audit_rule_data`: what parse produces, encode writes, decode reads
// back and print turns into `auditctl -l` text. Kernel numbers, not names.

/** One `fields[i]`/`values[i]`/`fieldflags[i]` slot. */
export type RuleField =
  /** A numeric value (uids, arch, exit, a0..a3, perm, comparison ids...), as the u32 the kernel stores. */
  | { readonly kind: 'int'; readonly field: number; readonly op: number; readonly value: number }
  /** A string value kept in `buf` (paths, keys, exe, LSM labels); `values[i]` is its byte length. */
  | { readonly kind: 'text'; readonly field: number; readonly op: number; readonly text: string };

export interface RuleSpec {
  /** Filter list number (AUDIT_FILTER_*), without the prepend flag. */
  readonly list: number;
  /** Added with -A (AUDIT_FILTER_PREPEND); the kernel reports it back in `flags`. */
  readonly prepend: boolean;
  readonly action: number;
  /** `mask[64]`: syscall (or io_uring op) bitmap, one u32 per word. */
  readonly mask: readonly number[];
  readonly fields: readonly RuleField[];
}

export const MASK_WORDS = 64;

export function emptyMask(): number[] {
  return new Array<number>(MASK_WORDS).fill(0);
}

export function allMask(): number[] {
  return new Array<number>(MASK_WORDS).fill(0xffffffff);
}

export function setMaskBit(mask: number[], n: number): void {
  const word = n >>> 5;
  mask[word] = ((mask[word] ?? 0) | (1 << (n & 31))) >>> 0;
}

export function maskHas(mask: readonly number[], n: number): boolean {
  return (((mask[n >>> 5] ?? 0) >>> (n & 31)) & 1) === 1;
}

/** auditctl's "all syscalls" test: words 0..62 all set (the kernel clears class bits in word 63). */
export function maskIsAll(mask: readonly number[]): boolean {
  for (let i = 0; i < MASK_WORDS - 1; i++) if (mask[i] !== 0xffffffff) return false;
  return true;
}

/** Numbers set in the mask, ascending. */
export function maskNumbers(mask: readonly number[]): number[] {
  const out: number[] = [];
  for (let n = 0; n < MASK_WORDS * 32; n++) if (maskHas(mask, n)) out.push(n);
  return out;
}
