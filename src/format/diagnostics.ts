// Problems found in input, as values: the reader reports them and goes on.
// Each names the file, line and byte offset and carries a short escaped
// excerpt, so a report on a terminal can never be forged by the input.

export type FormatProblem =
  | 'E_LINE_TOO_LONG'
  | 'E_RECORD_HEADER'
  | 'E_BINARY'
  | 'E_TRUNCATED_LINE'
  | 'E_AUSEARCH_SKIPS';

export interface Diagnostic {
  readonly code: FormatProblem | string;
  readonly file: string;
  /** 1-based line number. */
  readonly line: number;
  /** Byte offset of the line's start in the file. */
  readonly offset: number;
  readonly message: string;
  /** The first bytes of the offending line, escaped for a terminal. */
  readonly excerpt: string;
  /** Bytes of input this problem made us skip (0 when the record was still used). */
  readonly skippedBytes: number;
}

const EXCERPT_BYTES = 60;

/** A printable excerpt: control and non-ASCII bytes as \xNN, at most 60 bytes. */
export function excerptOf(bytes: Uint8Array): string {
  let out = '';
  const n = Math.min(bytes.length, EXCERPT_BYTES);
  for (let i = 0; i < n; i++) {
    const c = bytes[i] as number;
    if (c < 0x20 || c > 0x7e || c === 0x5c) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += String.fromCharCode(c);
  }
  return bytes.length > n ? `${out}...` : out;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = `${d.file}:${d.line}`;
  return d.excerpt.length > 0 ? `${where}: ${d.message}: ${d.excerpt}` : `${where}: ${d.message}`;
}
