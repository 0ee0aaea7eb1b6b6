// Runs auspex's --format csv / text over a log the way `auspex search` does
// (records → ausearch's event grouping → ausearch's selection → formatter),
// with this machine's users as ausearch would use them; and compares CSV rows
// with ausearch's under auspex's one intended difference, cell escaping.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusDir, oraclesDir, repoRoot } from '../helpers/paths.js';
import { RecordReader } from '../../src/format/index.js';
import { EventAssembler } from '../../src/events/index.js';
import { compileCriteria, parseSearchArgs, systemTimeZone, userDbFromFiles } from '../../src/query/index.js';
import { createFileProtocolDb, createFileUserDb } from '../../src/interpret/index.js';
import { createCsvFormatter, createTextFormatter, StringSink } from '../../src/output/index.js';

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return undefined;
  }
}

/** The `.log` files directly in `dir`, sorted (none when it is missing). */
export function logsIn(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.log')).sort().map((f) => join(dir, f)) : [];
}

/** The logs the CSV and text formats are compared with ausearch on: the corpus, the sample, the auparse and go-libaudit test logs. */
export function formatCompatLogs(): string[] {
  return [
    ...logsIn(corpusDir),
    ...logsIn(join(repoRoot, 'data', 'sample')),
    ...logsIn(join(oraclesDir, 'audit-userspace', 'auparse-test')),
    ...logsIn(join(oraclesDir, 'go-libaudit', 'auparse', 'testdata')),
  ];
}

export interface FormatRun {
  readonly stdout: string;
  readonly stderr: string;
}

/** `auspex search -if FILE --format csv|text FLAGS...` in process, on the log's bytes. */
export function runFormat(format: 'csv' | 'text', file: string, flags: readonly string[] = []): FormatRun {
  const users = userDbFromFiles(readText('/etc/passwd') ?? '', readText('/etc/group') ?? '');
  const parsed = parseSearchArgs(['-if', file, '--format', format, ...flags], {
    users,
    machine: 'x86_64',
    nowSec: Math.floor(Date.now() / 1000),
    timeZone: systemTimeZone(),
    uptime: () => 1000,
  });
  if (parsed.kind !== 'ok') throw new Error(`bad arguments: ${parsed.kind}`);
  let stderr = '';
  const matches = compileCriteria(parsed.options.criteria, { users, format, warn: (t) => (stderr += t) });
  const interpret = {
    users: createFileUserDb(readText),
    protocols: createFileProtocolDb(readText),
    escape: parsed.options.output.escape,
    hostMachine: 'x86_64',
    uidOf: (n: string) => users.uidOf(n),
  };
  const onError = (t: string): void => {
    stderr += t;
  };
  const fmt = format === 'csv' ? createCsvFormatter({ extra: parsed.options.output.extra, interpret, onError }) : createTextFormatter({ interpret, onError });
  const out = new StringSink();
  const assembler = new EventAssembler({
    policy: 'ausearch',
    timeoutSec: 2,
    maxInFlight: 100_000,
    onEvent: (e) => {
      if (matches(e)) fmt(e, out);
    },
  });
  const reader = new RecordReader({ file, onRecord: (r) => assembler.push(r), onDiagnostic: () => undefined });
  reader.push(readFileSync(file));
  reader.end();
  assembler.flush();
  return { stdout: out.text, stderr };
}

/** Cells of one CSV row as RFC 4180 reads them, with auspex's formula guard (a leading `'`) taken off. */
export function csvCells(row: string): string[] {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    if (row[i] === '"') {
      i++;
      for (;;) {
        const q = row.indexOf('"', i);
        if (q < 0) throw new Error(`unterminated quoted cell in ${row}`);
        cell += row.slice(i, q);
        if (row[q + 1] === '"') {
          cell += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    } else {
      const c = row.indexOf(',', i);
      cell = row.slice(i, c < 0 ? row.length : c);
      i = c < 0 ? row.length : c;
    }
    cells.push(cell);
    if (i >= row.length) break;
    if (row[i] !== ',') throw new Error(`text after a quoted cell in ${row}`);
    i++;
    if (i === row.length) {
      cells.push('');
      break;
    }
  }
  return cells;
}

/** The cell as ausearch printed it: auspex's leading `'` guard removed. */
export function unguard(cell: string): string {
  return cell.startsWith("'") && /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

export interface RowComparison {
  readonly rows: number;
  /** Rows auspex printed exactly as ausearch did. */
  readonly identical: number;
  /** Rows that differ only by auspex's cell escaping, with the cells that changed. */
  readonly escaped: ReadonlyArray<{ readonly line: number; readonly cells: readonly string[] }>;
  /** Rows that differ otherwise (should be none). */
  readonly different: ReadonlyArray<{ readonly line: number; readonly want: string; readonly got: string }>;
}

/**
 * Compares auspex's CSV with ausearch's row by row: identical, or equal once
 * auspex's escaping is read back (quoted cells unquoted, formula guard
 * removed, cells joined with commas as ausearch prints them).
 */
export function compareCsv(want: string, got: string): RowComparison {
  const w = lines(want);
  const g = lines(got);
  let identical = 0;
  const escaped: Array<{ line: number; cells: string[] }> = [];
  const different: Array<{ line: number; want: string; got: string }> = [];
  const n = Math.max(w.length, g.length);
  for (let i = 0; i < n; i++) {
    const a = w[i];
    const b = g[i];
    if (a === b) {
      identical++;
      continue;
    }
    if (a !== undefined && b !== undefined) {
      const cells = csvCells(b);
      if (cells.map(unguard).join(',') === a) {
        escaped.push({ line: i + 1, cells: cells.filter((c) => c !== unguard(c) || /[",\n\r]/.test(c)) });
        continue;
      }
    }
    different.push({ line: i + 1, want: a ?? '(none)', got: b ?? '(none)' });
  }
  return { rows: n, identical, escaped, different };
}

function lines(text: string): string[] {
  const l = text.split('\n');
  if (l[l.length - 1] === '') l.pop();
  return l;
}
