// Lines up `ausearch -i` (run live, TZ=UTC LC_ALL=C) with interpret/'s output
// for the same records: made-up logs of one record per event, or whole logs
// compared record line by record line per event key (node:serial).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isHeaderProblem, parseRecordLine, type AuditRecord } from '../../src/format/index.js';
import { createFileProtocolDb, createFileUserDb, createInterpretedFormatter, createSysfsInterfaceDb, type InterpretOptions } from '../../src/interpret/index.js';

export function haveAusearch(): boolean {
  return spawnSync('ausearch', ['-v'], { stdio: 'ignore' }).error === undefined;
}

/** uid 1001 must be `auditee` here for the RAW corpus's names to come out as its reference has them. */
export function haveAuditee(): boolean {
  const r = spawnSync('getent', ['passwd', '1001'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.startsWith('auditee:');
}

const readHost = (p: string): string | undefined => {
  try {
    return readFileSync(p, 'latin1');
  } catch {
    return undefined;
  }
};

/** Options that name things as ausearch does on this machine. */
export function hostOptions(extra: InterpretOptions = {}): InterpretOptions {
  const listDir = (p: string): string[] | undefined => {
    try {
      return readdirSync(p);
    } catch {
      return undefined;
    }
  };
  return { users: createFileUserDb(readHost), protocols: createFileProtocolDb(readHost), interfaces: createSysfsInterfaceDb(readHost, listDir), ...extra };
}

/** `ausearch -i` over `log` (bytes), its stdout as latin1. */
export function ausearchOn(log: Buffer, extraArgs: readonly string[] = [], env: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'auspex-interp-'));
  try {
    const file = join(dir, 'test.log');
    writeFileSync(file, log);
    const r = spawnSync('ausearch', ['-if', file, '-i', ...extraArgs], {
      env: { ...process.env, TZ: 'UTC', LC_ALL: 'C', ...env },
      maxBuffer: 1 << 30,
    });
    return r.stdout.toString('latin1');
  } finally {
    rmSync(dir, { recursive: true });
  }
}

export function parseLog(log: Buffer): AuditRecord[] {
  const out: AuditRecord[] = [];
  let start = 0;
  let lineNo = 0;
  while (start < log.length) {
    let nl = log.indexOf(10, start);
    if (nl < 0) nl = log.length;
    lineNo++;
    const r = parseRecordLine(log.subarray(start, nl), { file: 'test.log', line: lineNo });
    if (!isHeaderProblem(r)) out.push(r);
    start = nl + 1;
  }
  return out;
}

const KEY = /^(?:node=(\S+) )?type=.*? msg=audit\([^)]*:(\d+)\) : /;

function keyOf(line: string): string | undefined {
  const m = KEY.exec(line);
  return m === null ? undefined : `${m[1] ?? ''}:${m[2]}`;
}

/** Output lines grouped by event key, in order. */
export function linesByKey(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const k = keyOf(line);
    if (k === undefined) continue;
    const list = out.get(k) ?? [];
    list.push(line);
    out.set(k, list);
  }
  return out;
}

/** Each record formatted with its own node/time/serial as the event's, grouped by key. */
export function ourLinesByKey(records: readonly AuditRecord[], options: InterpretOptions): Map<string, string[]> {
  const f = createInterpretedFormatter(options);
  const text = records.map((r) => f.formatRecord(r, r)).join('');
  return linesByKey(text);
}

export interface KeyDiff {
  readonly key: string;
  readonly ours: readonly string[];
  readonly theirs: readonly string[];
}

/** Keys ausearch printed whose lines (as multisets) differ from ours; `compared` counts lines checked. */
export function compareByKey(ours: Map<string, string[]>, theirs: Map<string, string[]>): { diffs: KeyDiff[]; compared: number } {
  const diffs: KeyDiff[] = [];
  let compared = 0;
  for (const [key, t] of theirs) {
    const o = ours.get(key) ?? [];
    const a = [...o].sort();
    const b = [...t].sort();
    compared += b.length;
    if (a.length !== b.length || a.some((x, i) => x !== b[i])) diffs.push({ key, ours: o, theirs: t });
  }
  return { diffs, compared };
}

export interface MadeRecord {
  readonly type: string;
  /** Everything after `msg=audit(...): ` (latin1; any byte but a newline). */
  readonly body: string;
}

/** A log of one record per event, 3 s apart (each event completes before the next), serials 1.. */
export function makeLog(records: readonly MadeRecord[], base = 1700000000): Buffer {
  return Buffer.from(records.map((r, i) => `type=${r.type} msg=audit(${base + i * 3}.${String(i % 1000).padStart(3, '0')}:${i + 1}): ${r.body}\n`).join(''), 'latin1');
}

/** ausearch's output for a made-up log, cut into one block per event keyed by serial. */
export function blocksBySerial(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const block of text.split('----\n')) {
    const m = /msg=audit\([^)]*:(\d+)\) /.exec(block);
    if (m !== null) out.set(Number(m[1]), block);
  }
  return out;
}

/**
 * Compares, record by record, what we print for a made-up log with what
 * ausearch printed; returns the mismatches (serial, ours, theirs) and how
 * many records ausearch printed.
 */
export function compareMadeLog(records: readonly MadeRecord[], options: InterpretOptions, extraArgs: readonly string[] = []): { printed: number; mismatches: Array<{ serial: number; ours: string; theirs: string }> } {
  const log = makeLog(records);
  const theirs = blocksBySerial(ausearchOn(log, extraArgs));
  const parsed = parseLog(log);
  const f = createInterpretedFormatter(options);
  const mismatches: Array<{ serial: number; ours: string; theirs: string }> = [];
  for (const r of parsed) {
    const t = theirs.get(r.serial);
    if (t === undefined) continue;
    const o = f.formatRecord(r, r);
    if (o !== t) mismatches.push({ serial: r.serial, ours: o, theirs: t });
  }
  return { printed: theirs.size, mismatches };
}
