// `ausearch --format csv`: one row per event libauparse makes of each ausearch
// event, its normalised subject, action, object and how, with the header on
// the first row and the --extra-* columns. Byte for byte ausearch 3.0.9's
// rows, except that cells holding log data are made safe for spreadsheets
// (escapeCsvCell): 3.0.9 prints them as they are, so a comma splits a cell
// and a leading `=` runs as a formula (docs/compatibility.md). An event auparse
// cannot normalise gets a short row and "error normalizing TYPE" on the error
// stream, as ausearch does.
import type { AuditEvent } from '../events/index.js';
import { libauditTypeName } from '../format/index.js';
import { Normalizer, createAuparseInterpreter } from '../normalize/index.js';
import type { AuEvent, AuparseInterpretOptions } from '../normalize/index.js';
import { createDateTimeFormatter } from './local-time.js';
import type { EventFormatter, TextSink } from './text-sink.js';

export interface CsvExtraColumns {
  /** --extra-keys: a KEY column. */
  readonly keys: boolean;
  /** --extra-labels: SUBJ_LABEL and OBJ_LABEL (and attributes are collected). */
  readonly labels: boolean;
  /** --extra-obj2: an OBJ2 column. */
  readonly obj2: boolean;
  /** --extra-time: YEAR, MONTH, DAY, WEEKDAY, HOUR, MILLI, GMT_OFFSET. */
  readonly time: boolean;
}

export interface NormalizedFormatOptions {
  /** Host names, escaping and host machine for interpreted values. */
  readonly interpret?: AuparseInterpretOptions;
  /** Where ausearch's "error normalizing" lines go (its stderr). */
  readonly onError?: (text: string) => void;
}

export interface CsvFormatOptions extends NormalizedFormatOptions {
  readonly extra?: Partial<CsvExtraColumns>;
  /**
   * Print the header row before the first row (default true). Off for output
   * made in parts that someone else joins and heads once (parallel search).
   */
  readonly header?: boolean;
}


/**
 * A cell safe for spreadsheets (OWASP CSV injection advice, RFC 4180): a cell
 * starting with = + - @ TAB or CR gets a leading `'` so it is read as text;
 * a cell holding a comma, quote, CR or LF is quoted with quotes doubled.
 * Anything else is returned unchanged.
 */
export function escapeCsvCell(s: string): string {
  if (s.length === 0) return s;
  const c0 = s.charCodeAt(0);
  const formula = c0 === 61 || c0 === 43 || c0 === 45 || c0 === 64 || c0 === 9 || c0 === 13; // = + - @ TAB CR
  let quote = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 44 || c === 34 || c === 10 || c === 13) {
      quote = true;
      break;
    }
  }
  if (!formula && !quote) return s;
  const v = formula ? `'${s}` : s;
  return quote ? `"${v.replace(/"/g, '""')}"` : v;
}

const COMMA = 44;
const NEWLINE = 10;

/** One output line gathered as latin1 bytes in a reused buffer: no string is built per line. */
export class LineBuilder {
  #buf = new Uint8Array(1024);
  #n = 0;

  reset(): void {
    this.#n = 0;
  }

  #room(more: number): Uint8Array {
    if (this.#n + more > this.#buf.length) {
      const grown = new Uint8Array(Math.max(this.#buf.length * 2, this.#n + more));
      grown.set(this.#buf.subarray(0, this.#n));
      this.#buf = grown;
    }
    return this.#buf;
  }

  text(s: string): void {
    const b = this.#room(s.length);
    let n = this.#n;
    for (let i = 0; i < s.length; i++) b[n++] = s.charCodeAt(i);
    this.#n = n;
  }

  char(c: number): void {
    this.#room(1)[this.#n++] = c;
  }

  /** A non-negative integer in decimal. */
  uint(v: number): void {
    let digits = 1;
    for (let p = 10; p <= v; p *= 10) digits++;
    const b = this.#room(digits);
    let n = this.#n + digits;
    this.#n = n;
    do {
      b[--n] = 48 + (v % 10);
      v = Math.floor(v / 10);
    } while (v > 0);
  }

  writeTo(out: TextSink): void {
    out.writeBytes(this.#buf, 0, this.#n);
  }
}

export function csvHeader(extra: CsvExtraColumns): string {
  return (
    `NODE,EVENT,DATE,TIME,${extra.time ? 'YEAR,MONTH,DAY,WEEKDAY,HOUR,MILLI,GMT_OFFSET,' : ''}SERIAL_NUM,EVENT_KIND,` +
    `SESSION,SUBJ_PRIME,SUBJ_SEC,SUBJ_KIND,${extra.labels ? 'SUBJ_LABEL,' : ''}ACTION,` +
    `RESULT,OBJ_PRIME,OBJ_SEC,${extra.obj2 ? 'OBJ2,' : ''}${extra.labels ? 'OBJ_LABEL,' : ''}OBJ_KIND,HOW${extra.keys ? ',KEY' : ''}\n`
  );
}

const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** The --extra-time cells (strftime %Y,%m,%d,%u,%k, the milliseconds, the zone offset), cached per second. */
function createExtraTime(): (sec: number, milli: number) => string {
  let lastSec = Number.NaN;
  let head = '';
  let tail = '';
  return (sec, milli) => {
    if (sec !== lastSec) {
      lastSec = sec;
      const d = new Date(sec * 1000);
      const hour = d.getHours();
      const weekday = d.getDay() === 0 ? 7 : d.getDay();
      head = `${d.getFullYear()},${two(d.getMonth() + 1)},${two(d.getDate())},${weekday},${hour < 10 ? ` ${hour}` : hour},`;
      const off = -d.getTimezoneOffset() * 60;
      const total = Math.abs(off);
      const h = Math.floor(total / 3600);
      // ausearch takes the minutes as (seconds past the hour) % 60: whole-minute zones show :00.
      const m = (total - h * 3600) % 60;
      tail = `,${off >= 0 ? '+' : '-'}${two(h)}:${two(m)},`;
    }
    return `${head}${milli}${tail}`;
  };
}

/** DATE and TIME cells (strftime %x and %T) of a second, cached. */
function createDateTimeCells(): (sec: number) => string {
  const dateTime = createDateTimeFormatter();
  let lastSec = Number.NaN;
  let cells = '';
  return (sec) => {
    if (sec !== lastSec) {
      lastSec = sec;
      const dt = dateTime(sec);
      cells = `${dt.slice(0, 8)},${dt.slice(9)},`;
    }
    return cells;
  };
}

export function createCsvFormatter(options: CsvFormatOptions = {}): EventFormatter<AuditEvent> {
  const extra: CsvExtraColumns = {
    keys: options.extra?.keys ?? false,
    labels: options.extra?.labels ?? false,
    obj2: options.extra?.obj2 ?? false,
    time: options.extra?.time ?? false,
  };
  const onError = options.onError ?? (() => undefined);
  const norm = new Normalizer(createAuparseInterpreter(options.interpret));
  const au = norm.cursor;
  const d = norm.result;
  const escape = au.interpreter.escape;
  const dateTimeCells = createDateTimeCells();
  const cell = escapeCsvCell;
  const extraTime = extra.time ? createExtraTime() : undefined;
  const shortRow = `,,,,,,,,,${extra.labels ? ',,' : ''}${extra.keys ? ',' : ''}\n`;
  let headerDone = options.header === false;

  const interpreted = (): string => cell(au.interpretField() ?? '(null)');
  /** The value of a field the attribute list holds under `name` (SUBJ_LABEL / OBJ_LABEL). */
  const label = (first: number, next: () => number, name: string): string => {
    let rc = first;
    do {
      if (rc === 1 && au.getFieldName() === name) return interpreted();
    } while ((rc = next()) === 1);
    return '';
  };

  let out: TextSink | undefined;
  const line = new LineBuilder();
  const row = (e: AuEvent): void => {
    const o = out as TextSink;
    if (!headerDone) {
      headerDone = true;
      o.write(csvHeader(extra));
    }
    line.reset();
    if (e.node !== undefined) line.text(interpreted());
    const typeName = libauditTypeName(au.getType());
    line.char(COMMA);
    if (typeName !== undefined) line.text(typeName);
    line.char(COMMA);
    const rc = norm.normalize(extra.labels ? 'all' : 'no-attrs');
    line.text(dateTimeCells(e.sec));
    if (extraTime !== undefined) line.text(extraTime(e.sec, e.milli));
    line.uint(e.serial);
    line.char(COMMA);
    if (rc !== 0) {
      onError(`error normalizing ${typeName ?? '(null)'}\n`);
      line.text(shortRow);
      line.writeTo(o);
      return;
    }
    line.text(d.evkind ?? 'unknown');
    line.char(COMMA);
    if (norm.seek(d.session) === 1) line.text(interpreted());
    line.char(COMMA);
    if (norm.seek(d.subjPrimary) === 1) {
      const subj = au.interpretField() ?? '(null)';
      line.text(cell(subj === 'unset' ? 'system' : subj));
    }
    line.char(COMMA);
    if (norm.seek(d.subjSecondary) === 1) line.text(interpreted());
    line.char(COMMA);
    if (d.subjKind !== undefined) line.text(d.subjKind);
    line.char(COMMA);
    if (extra.labels) {
      line.text(label(norm.firstSubjectAttribute(), () => norm.nextSubjectAttribute(), 'subj'));
      line.char(COMMA);
    }
    const action = d.action;
    line.text(cell(action ?? 'did-unknown'));
    line.char(COMMA);
    if (norm.seek(d.results) === 1) {
      const item = au.interpretField() ?? '(null)';
      const ok = item === 'yes' || item.startsWith('suc') || (item === 'allow' && au.getFieldKind() === 'seccomp');
      line.text(ok ? 'success' : 'failed');
    }
    line.char(COMMA);
    if (norm.seek(d.objPrimary) === 1) {
      let val: string | undefined;
      if (au.getFieldKind() === 'escaped-file') val = au.interpretRealpath();
      else if (libauditTypeName(au.getType()) === 'CONFIG_CHANGE' && (action === 'set' || action === 'seccomp-logging')) {
        val = escape(au.getFieldName() ?? '(null)');
      } else val = au.interpretField();
      line.text(cell(val ?? '(null)'));
    }
    line.char(COMMA);
    if (norm.seek(d.objSecondary) === 1) line.text(interpreted());
    line.char(COMMA);
    if (extra.obj2) {
      if (norm.seek(d.obj2) === 1) {
        const val = au.getFieldKind() === 'escaped-file' ? au.interpretRealpath() : au.interpretField();
        line.text(cell(val ?? '(null)'));
      }
      line.char(COMMA);
    }
    if (extra.labels) {
      line.text(label(norm.firstObjectAttribute(), () => norm.nextObjectAttribute(), 'obj'));
      line.char(COMMA);
    }
    line.text(d.objKind);
    line.char(COMMA);
    if (d.how !== undefined) line.text(cell(d.how));
    if (extra.keys) {
      line.char(COMMA);
      if (norm.seek(d.key) === 1) line.text(interpreted());
    }
    line.char(NEWLINE);
    line.writeTo(o);
  };
  return (event, sink) => {
    out = sink;
    norm.forEachEvent(event, row);
  };
}
