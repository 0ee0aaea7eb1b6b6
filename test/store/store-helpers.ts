// Helpers for the store tests: a larger log made from a real one by repeating
// it with times and serials moved on per copy (events stay distinct and in
// time order, as a long-running auditd writes them), and small queries.
import { readFileSync, writeFileSync } from 'node:fs';
import { runAuspex } from '../helpers/run.js';

const HEADER = /msg=audit\((\d+)\.(\d{3}):(\d+)\)/;

export function repeatLog(source: string, copies: number, out: string): void {
  const lines = readFileSync(source, 'latin1').split('\n').filter((l) => l.length > 0);
  const parsed = lines.map((line) => {
    const m = HEADER.exec(line);
    if (m === null) throw new Error(`not a record: ${line.slice(0, 80)}`);
    return { before: line.slice(0, m.index), after: line.slice(m.index + m[0].length), sec: Number(m[1]), milli: m[2] as string, serial: Number(m[3]) };
  });
  const secSpan = Math.max(...parsed.map((p) => p.sec)) - Math.min(...parsed.map((p) => p.sec)) + 1;
  const serialSpan = Math.max(...parsed.map((p) => p.serial)) - Math.min(...parsed.map((p) => p.serial)) + 1;
  const parts: string[] = [];
  for (let c = 0; c < copies; c++) {
    for (const p of parsed) parts.push(`${p.before}msg=audit(${p.sec + c * secSpan}.${p.milli}:${p.serial + c * serialSpan})${p.after}\n`);
  }
  writeFileSync(out, parts.join(''), 'latin1');
}

/** The rows of a query on a store, as JSON objects (through auspex query --json). */
export async function queryRows(db: string, sql: string): Promise<Record<string, unknown>[]> {
  const r = await runAuspex(['query', '--db', db, '--json', sql]);
  if (r.code !== 0) throw new Error(`query failed (${r.code}): ${r.stderr}`);
  return r.stdout.toString('utf8').split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** One number from a query. */
export async function queryNumber(db: string, sql: string): Promise<number> {
  const [row] = await queryRows(db, sql);
  return Number(Object.values(row ?? {})[0]);
}

/** What a store holds, as counts and order-free checksums of every stored row's content. */
export async function storeDigest(db: string): Promise<string> {
  const [row] = await queryRows(db, 'SELECT (SELECT count(*) FROM events) AS events, ' +
    '(SELECT count(DISTINCT (time, serial, node, shape)) FROM events) AS event_ids, ' +
    '(SELECT bit_xor(hash(time, serial, raw)) FROM events)::VARCHAR AS events_sum, ' +
    '(SELECT count(*) FROM report_events) AS reports, ' +
    '(SELECT count(DISTINCT (sec, milli, serial, node, shape)) FROM report_events) AS report_ids, ' +
    '(SELECT bit_xor(hash(sec, milli, serial, types, exe, files)) FROM report_events)::VARCHAR AS reports_sum');
  return JSON.stringify(row);
}
