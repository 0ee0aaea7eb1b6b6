// One line of a passwd or group file (name:password:id:...) → its name and
// numeric id. Reading the file and the direction of the lookup (name → id or
// id → name, first line wins) stay with each caller.
//
// The behaviour every caller shares is that of glibc 2.36's files backend
// (what getpwnam/getpwuid/getgrnam/getgrgid give ausearch, aureport and
// auditctl), checked against `getent -s files`: blanks before the name are
// skipped; a `#` comment and a NIS `+name`/`-name` entry name nobody; the id
// is read as strtoul reads it (blanks, a sign, decimal digits, then `:` or
// the end) and a line whose id does not fit 32 bits (uid_t/gid_t) is left
// out, not truncated. Not copied: glibc also drops a passwd line whose gid
// field is not a number, a field these callers never read.

export interface IdLine {
  readonly name: string;
  readonly id: number;
}

const isBlank = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

export function parseIdLine(line: string): IdLine | undefined {
  let start = 0;
  while (isBlank(line.charCodeAt(start))) start++;
  const c = line.charCodeAt(start);
  if (Number.isNaN(c) || c === 35 /* # */ || c === 43 /* + */ || c === 45 /* - */) return undefined;
  const nameEnd = line.indexOf(':', start);
  if (nameEnd <= start) return undefined;
  let i = line.indexOf(':', nameEnd + 1) + 1;
  if (i === 0) return undefined;
  while (isBlank(line.charCodeAt(i))) i++;
  const sign = line.charCodeAt(i);
  if (sign === 43 || sign === 45) i++;
  const digits = i;
  while (line.charCodeAt(i) >= 48 && line.charCodeAt(i) <= 57) i++;
  if (i === digits || (i < line.length && line.charCodeAt(i) !== 58 /* : */)) return undefined;
  const id = Number(line.slice(digits, i));
  // strtoul negates a '-' value modulo 2^64: only -0 stays within 32 bits.
  if (id > 0xffffffff || (sign === 45 && id !== 0)) return undefined;
  return { name: line.slice(start, nameEnd), id };
}
