// `auspex query [--db PATH] [--json] "SQL"`: any read-only SQL over the
// event store, printed as an aligned table (escaped for a terminal) or as
// JSON lines (ASCII-only). The store is opened read-only: statements that
// would change it fail. Exit codes: 0, 1 a store or SQL error, 2 usage.
import { parseCommandArgs, usageExit } from './command-args.js';
import type { CommandIo } from './command-io.js';
import type { Command } from './main.js';
import { OutputSink } from './output-sink.js';
import { endOutput } from './end-output.js';
import { formatCell, jsonValue, padCell } from './query-format.js';
import { storeErrorText, storePath } from './store-cli.js';
import { asciiJson } from '../output/index.js';
import { EVENT_COLUMNS, REPORT_COLUMNS, StoreReader } from '../store/index.js';
import type { ColumnSpec, SqlValue } from '../store/index.js';

function tableHelp(name: string, columns: readonly ColumnSpec[]): string {
  return `  ${name}: ${columns.map((c) => `${c.name} ${c.sql.replace(/ NOT NULL| USING COMPRESSION \w+/g, '')}`).join(', ')}\n`;
}

const USAGE = `usage: auspex query [--db PATH] [--json] "SQL"

  Runs SQL (DuckDB's dialect) on the event store, read-only.
  --db     the store (default: /var/lib/auspex/events.duckdb as root,
           ~/.local/share/auspex/events.duckdb otherwise)
  --json   one JSON object per row instead of a table

tables:
${tableHelp('events', EVENT_COLUMNS)}${tableHelp('report_events', REPORT_COLUMNS)}  sources: source_id, name, rseq_first, rseq_last, timeout_sec, ingested
  uring_ops: op, name, audited

examples:
  auspex query "SELECT exe, count(*) AS n FROM events WHERE NOT success GROUP BY exe ORDER BY n DESC LIMIT 10"
  auspex query --json "SELECT time, serial, raw FROM events WHERE key = 'exec' ORDER BY time DESC LIMIT 5"
`;

/** Rows whose cells set the column widths; later rows are printed as they come. */
const WIDTH_ROWS = 1000;

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const parsed = parseCommandArgs(argv, { db: { type: 'string' }, json: { type: 'boolean' } }, true);
  if (parsed === 'help' || 'error' in parsed) return usageExit(parsed, 'query', USAGE, io);
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    io.stderr.write(`auspex query: give one SQL text (quoted)\n${USAGE}`);
    return 2;
  }
  const sql = positionals[0] as string;
  let reader: StoreReader;
  try {
    reader = await StoreReader.open(storePath(values.db, io));
  } catch (e) {
    io.stderr.write(storeErrorText('query', e));
    return 1;
  }
  // Text goes out as UTF-8: the sink writes latin1, one char per byte.
  const out = new OutputSink(io.stdout);
  const write = (text: string): void => out.write(Buffer.from(text, 'utf8').toString('latin1'));
  let code = 0;
  try {
    const result = await reader.query(sql);
    if (values.json === true) {
      const names = result.columns.map((c, i) => (result.columns.indexOf(c) === i ? c : `${c}#${i + 1}`));
      for await (const rows of result.rows) {
        for (const row of rows) {
          const obj: Record<string, unknown> = {};
          names.forEach((c, i) => (obj[c] = jsonValue(row[i] ?? null)));
          write(`${asciiJson(obj)}\n`);
        }
        if (out.closed) break;
        await out.drain();
      }
    } else {
      await printTable(result.columns, result.types, result.rows, write, out);
    }
  } catch (e) {
    io.stderr.write(storeErrorText('query', e));
    code = 1;
  } finally {
    reader.close();
  }
  return endOutput(out, io, code);
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/;

async function printTable(columns: readonly string[], types: readonly string[], rows: AsyncIterable<readonly (readonly SqlValue[])[]>,
  write: (text: string) => void, out: OutputSink): Promise<void> {
  const right = types.map((t) => NUMERIC.test(t));
  const head: string[][] = [];
  const widths = columns.map((c) => formatCell(c).length);
  let printed = false;
  const line = (cells: readonly string[]): string => `${cells.map((c, i) => padCell(c, widths[i] as number, right[i] === true)).join('  ').trimEnd()}\n`;
  const printHead = (): void => {
    write(line(columns.map(formatCell)));
    write(line(widths.map((w) => '-'.repeat(w))));
    for (const cells of head) write(line(cells));
    printed = true;
  };
  let count = 0;
  for await (const chunk of rows) {
    for (const row of chunk) {
      const cells = row.map((v) => formatCell(v));
      count++;
      if (!printed) {
        cells.forEach((c, i) => (widths[i] = Math.max(widths[i] as number, c.length)));
        head.push(cells);
        if (head.length >= WIDTH_ROWS) printHead();
      } else write(line(cells));
    }
    if (out.closed) return;
    await out.drain();
  }
  if (!printed) printHead();
  write(`(${count} row${count === 1 ? '' : 's'})\n`);
}

export const queryCommand: Command = {
  summary: 'read-only SQL over the event store (table or JSON output)',
  run,
};
