// Display helpers: times in the viewer's zone to the millisecond (the audit
// clock's precision), and numbers grouped. Pure text; the components render it.

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

export function localTime(iso: string | number | null): string {
  if (iso === null) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function count(n: number | null | undefined): string {
  return n === null || n === undefined ? '–' : n.toLocaleString('en-US');
}

export function orDash(v: string | number | null | undefined): string {
  return v === null || v === undefined || v === '' ? '–' : String(v);
}

/** A uid as the log writes the unset value. */
export function uid(v: number | null): string {
  if (v === null) return '–';
  return v === 4294967295 ? 'unset' : String(v);
}
