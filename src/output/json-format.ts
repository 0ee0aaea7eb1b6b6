// One JSON object per event (JSON Lines), the schema in docs/json-schema.md:
// the event's identity and time, and per record its type, the line as logged,
// the fields as logged, their interpretation and any ENRICHED values. Text is
// decoded from the log's bytes as UTF-8; bytes that are not UTF-8 become
// U+FFFD in the readable views while `raw` and hex `fields` keep the exact bytes.
import type { AuditEvent } from '../events/index.js';
import type { AuditRecord, Field } from '../format/index.js';
import { RecordType, joinExecveArgs, parseFields, recordTypeLabel } from '../format/index.js';
import type { EventFormatter } from './text-sink.js';
import { OutputBuffer } from '../interpret/index.js';

/** Interprets the fields of one record (in order), ausearch -i style. */
export type RecordInterpreter = (record: AuditRecord, fields: readonly Field[], event: AuditEvent) => readonly string[];

export interface JsonRecord {
  type: string;
  type_num: number;
  raw: string;
  fields: Record<string, string>;
  interpreted?: Record<string, string>;
  enriched?: Record<string, string>;
  source: { file: string; line: number };
}

export interface JsonEvent {
  id: string;
  node: string | null;
  time: string;
  sec: number;
  milli: number;
  serial: number;
  records: JsonRecord[];
  execve?: { argc: number | null; argv: string[] };
}

/** latin1 text (one char per byte) as the Unicode text its bytes spell in UTF-8. */
export function utf8Text(latin1: string): string {
  for (let i = 0; i < latin1.length; i++) {
    if (latin1.charCodeAt(i) > 0x7f) return Buffer.from(latin1, 'latin1').toString('utf8');
  }
  return latin1;
}

function unquote(v: string): string {
  return v.length >= 2 && v[0] === '"' && v[v.length - 1] === '"' ? v.slice(1, -1) : v;
}

/** Adds name → value; a repeated name gets `#2`, `#3`... so nothing is lost. */
function put(into: Record<string, string>, name: string, value: string): void {
  if (!Object.hasOwn(into, name)) {
    into[name] = value;
    return;
  }
  for (let n = 2; ; n++) {
    const alt = `${name}#${n}`;
    if (!Object.hasOwn(into, alt)) {
      into[alt] = value;
      return;
    }
  }
}

export function eventToJson(event: AuditEvent, interpret?: RecordInterpreter): JsonEvent {
  const records: JsonRecord[] = [];
  const execveFields: Field[][] = [];
  for (const r of event.records) {
    const fields = parseFields(r.body, r.type);
    if (r.type === RecordType.EXECVE) execveFields.push(fields);
    const out: JsonRecord = {
      type: r.type >= 0 ? recordTypeLabel(r.type) : r.typeName,
      type_num: r.type,
      raw: utf8Text(r.text),
      fields: Object.create(null) as Record<string, string>,
      source: { file: r.file, line: r.lineNo },
    };
    for (const f of fields) put(out.fields, f.name, utf8Text(unquote(f.value)));
    if (interpret !== undefined) {
      const values = interpret(r, fields, event);
      out.interpreted = Object.create(null) as Record<string, string>;
      fields.forEach((f, i) => put(out.interpreted as Record<string, string>, f.name, utf8Text(values[i] ?? f.value)));
    }
    const tail = r.interp;
    if (tail !== undefined) {
      out.enriched = Object.create(null) as Record<string, string>;
      for (const f of parseFields(tail, r.type)) put(out.enriched, f.name, utf8Text(unquote(f.value)));
    }
    records.push(out);
  }
  const json: JsonEvent = {
    id: `${event.sec}.${String(event.milli).padStart(3, '0')}:${event.serial}`,
    node: event.node ?? null,
    time: new Date(event.sec * 1000 + event.milli).toISOString(),
    sec: event.sec,
    milli: event.milli,
    serial: event.serial,
    records,
  };
  if (execveFields.length > 0) {
    const args = joinExecveArgs(execveFields);
    json.execve = { argc: args.argc ?? null, argv: args.argv.map(utf8Text) };
  }
  return json;
}

const NON_ASCII = /[\u007f-\uffff]/g;

/**
 * JSON with every character outside printable ASCII written as \uXXXX: the
 * output is plain ASCII whatever the log held, so it passes unchanged through
 * any byte-oriented pipe and can never carry a terminal control sequence.
 */
export function asciiJson(value: unknown): string {
  const s = JSON.stringify(value);
  NON_ASCII.lastIndex = 0;
  if (!NON_ASCII.test(s)) return s;
  return s.replace(NON_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Appends a string as asciiJson writes it: most audit text is printable ASCII and needs no escaping. */
function putString(b: OutputBuffer, s: string): void {
  const n = s.length;
  b.reserve(n + 2);
  const buf = b.buf;
  let p = b.len;
  buf[p++] = 0x22;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) {
      b.latin1(asciiJson(s)); // what was copied so far is overwritten
      return;
    }
    buf[p++] = c;
  }
  buf[p++] = 0x22;
  b.len = p;
}

/** Appends a number as JSON.stringify writes it (null when not finite). */
function putNumber(b: OutputBuffer, n: number): void {
  b.latin1(Number.isFinite(n) ? String(n) : 'null');
}

/** Appends a dictionary of strings, its keys in the order JSON.stringify takes them (Object.keys order). */
function putDictionary(b: OutputBuffer, d: Record<string, string>): void {
  b.byte(0x7b);
  let first = true;
  for (const k of Object.keys(d)) {
    if (!first) b.byte(0x2c);
    first = false;
    putString(b, k);
    b.byte(0x3a);
    putString(b, d[k] as string);
  }
  b.byte(0x7d);
}

/**
 * Appends asciiJson(event), written for the schema's shape: JSON.stringify's
 * member order and escaping, string by string, as bytes, without the generic
 * walk over dictionary-mode objects, the whole-line escape pass and the
 * string it makes (they took most of --json's time).
 */
export function writeJsonEvent(e: JsonEvent, b: OutputBuffer): void {
  b.latin1('{"id":');
  putString(b, e.id);
  b.latin1(',"node":');
  if (e.node === null) b.latin1('null');
  else putString(b, e.node);
  b.latin1(',"time":');
  putString(b, e.time);
  b.latin1(',"sec":');
  putNumber(b, e.sec);
  b.latin1(',"milli":');
  putNumber(b, e.milli);
  b.latin1(',"serial":');
  putNumber(b, e.serial);
  b.latin1(',"records":[');
  for (let i = 0; i < e.records.length; i++) {
    const r = e.records[i] as JsonRecord;
    b.latin1(i === 0 ? '{"type":' : ',{"type":');
    putString(b, r.type);
    b.latin1(',"type_num":');
    putNumber(b, r.type_num);
    b.latin1(',"raw":');
    putString(b, r.raw);
    b.latin1(',"fields":');
    putDictionary(b, r.fields);
    b.latin1(',"source":{"file":');
    putString(b, r.source.file);
    b.latin1(',"line":');
    putNumber(b, r.source.line);
    b.byte(0x7d);
    if (r.interpreted !== undefined) {
      b.latin1(',"interpreted":');
      putDictionary(b, r.interpreted);
    }
    if (r.enriched !== undefined) {
      b.latin1(',"enriched":');
      putDictionary(b, r.enriched);
    }
    b.byte(0x7d);
  }
  b.byte(0x5d);
  if (e.execve !== undefined) {
    b.latin1(',"execve":{"argc":');
    if (e.execve.argc === null) b.latin1('null');
    else putNumber(b, e.execve.argc);
    b.latin1(',"argv":[');
    e.execve.argv.forEach((a, i) => {
      if (i > 0) b.byte(0x2c);
      putString(b, a);
    });
    b.latin1(']}');
  }
  b.byte(0x7d);
}

/** writeJsonEvent's text (tests compare it with asciiJson). */
export function jsonEventText(e: JsonEvent): string {
  const b = new OutputBuffer(1024);
  writeJsonEvent(e, b);
  return b.text();
}

export function createJsonFormatter(interpret?: RecordInterpreter): EventFormatter<AuditEvent> {
  const b = new OutputBuffer(1 << 16);
  return (event, out) => {
    b.clear();
    writeJsonEvent(eventToJson(event, interpret), b);
    b.byte(0x0a);
    out.writeBytes(b.buf, 0, b.len);
  };
}
