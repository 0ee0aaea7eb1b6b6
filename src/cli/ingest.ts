// `auspex ingest [--db PATH] FILE…|-`: audit logs into the event store.
// A file (gzip or not) is one stream, a directory its rotated audit.log set
// read oldest first as one stream, `-` stdin. A progress bar on a terminal;
// a summary at the end. Ingesting the same events again stores nothing new;
// an interrupted ingest loses at most its last transaction and can be run
// again. --max-age/--max-size apply retention afterwards (or alone).
// Exit codes: 0 done, 1 an input or the store failed, 2 bad command line.
import { statSync } from 'node:fs';
import { debuglog, parseArgs } from 'node:util';
import type { CommandIo } from './command-io.js';
import type { Command } from './main.js';
import { readAuditdConf } from './auditd-conf.js';
import { expandInputArg, inputName, readInput } from './log-input.js';
import type { LogInput } from './log-input.js';
import { IngestProgress } from './ingest-progress.js';
import { hostUsers, parseAge, parseSize, storeErrorText, storePath } from './store-cli.js';
import { formatDiagnostic } from '../format/index.js';
import { StoreIngest, startIngestTarget } from '../store/index.js';
import type { IngestTarget, IngestTotals, RetentionPolicy } from '../store/index.js';

const USAGE = `usage: auspex ingest [--db PATH] [--eoe-timeout SECS] [--batch EVENTS] [--max-age AGE] [--max-size SIZE]
                     [--verbose] [--quiet] FILE...|-

  FILE          an audit log (gzip or not); a directory: its audit.log, audit.log.1 ...
                read oldest first as one stream; - reads stdin
  --db          the store (default: /var/lib/auspex/events.duckdb as root,
                ~/.local/share/auspex/events.duckdb otherwise)
  --eoe-timeout seconds after which an event is complete (default: auditd.conf's
                end_of_event_timeout, else 2)
  --batch       events per transaction (default 262144); at most this many are lost
                if the ingest is killed, and are stored by the next run
  --max-age     then delete events older than AGE (90d, 12h, 2w; a bare number is days)
  --max-size    then delete the oldest events until the data fits SIZE (500M, 2G)
  --verbose     a line per transaction committed
  --quiet       no progress bar and no summary
`;

/** NODE_DEBUG=auspex: when reading ended, and when the store was committed and closed. */
const trace = debuglog('auspex');
const DEFAULT_BATCH = 262_144;
const MAX_IN_FLIGHT = 100_000;
const MAX_DIAGNOSTICS_SHOWN = 100;

interface IngestArgs {
  readonly db: string | undefined;
  readonly inputs: readonly string[];
  readonly timeoutSec: number | undefined;
  readonly batch: number;
  readonly maxAgeSec: number | undefined;
  readonly maxBytes: number | undefined;
  readonly verbose: boolean;
  readonly quiet: boolean;
}

function parse(argv: readonly string[]): IngestArgs | { error: string } | 'help' {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        'eoe-timeout': { type: 'string' },
        batch: { type: 'string' },
        'max-age': { type: 'string' },
        'max-size': { type: 'string' },
        verbose: { type: 'boolean', short: 'v' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    return { error: (e as Error).message };
  }
  if (values.help === true) return 'help';
  const number = (name: string, v: string | undefined, min: number): number | undefined | { error: string } => {
    if (v === undefined) return undefined;
    return /^\d+$/.test(v) && Number(v) >= min ? Number(v) : { error: `--${name}: '${v}' is not a whole number of at least ${min}` };
  };
  const timeout = number('eoe-timeout', values['eoe-timeout'], 0);
  if (typeof timeout === 'object') return timeout;
  const batch = number('batch', values.batch, 1);
  if (typeof batch === 'object') return batch;
  let maxAgeSec: number | undefined;
  if (values['max-age'] !== undefined) {
    maxAgeSec = parseAge(values['max-age']);
    if (maxAgeSec === undefined) return { error: `--max-age: '${values['max-age']}' is not an age like 90d, 12h or 2w` };
  }
  let maxBytes: number | undefined;
  if (values['max-size'] !== undefined) {
    maxBytes = parseSize(values['max-size']);
    if (maxBytes === undefined) return { error: `--max-size: '${values['max-size']}' is not a size like 500M or 2G` };
  }
  if (positionals.length === 0 && maxAgeSec === undefined && maxBytes === undefined) return { error: 'no input: name log files, a log directory, or - for stdin' };
  return {
    db: values.db, inputs: positionals, timeoutSec: timeout, batch: batch ?? DEFAULT_BATCH, maxAgeSec, maxBytes,
    verbose: values.verbose === true, quiet: values.quiet === true,
  };
}

function plainSize(input: LogInput): number | undefined {
  if (input.kind !== 'file') return undefined;
  try {
    return statSync(input.path).size;
  } catch {
    return undefined;
  }
}

function summaryText(t: IngestTotals, seconds: number, path: string): string {
  const rate = seconds > 0 ? Math.round(t.events / seconds) : t.events;
  return `store: ${path}\n` +
    `events: ${t.events} (${t.stored} new, ${t.alreadyStored} already stored)\n` +
    `records: ${t.records}\n` +
    `skipped: ${t.skippedLines} line(s) that are not records (${t.skippedBytes} bytes)\n` +
    `duration: ${seconds.toFixed(2)} s\n` +
    `rate: ${rate} events/s\n`;
}

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const args = parse(argv);
  if (args === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  if ('error' in args) {
    io.stderr.write(`auspex ingest: ${args.error}\n${USAGE}`);
    return 2;
  }
  // What is said about the inputs waits until the store is open: a store
  // that cannot be opened is then all there is to say.
  let held: string[] | undefined;
  const err = (t: string): void => {
    if (held !== undefined) held.push(t);
    else io.stderr.write(t);
  };
  const streams = args.inputs.map((a) => expandInputArg(a, err));
  const path = storePath(args.db, io);
  const started = performance.now();
  let writer: IngestTarget;
  try {
    writer = startIngestTarget(path);
  } catch (e) {
    err(storeErrorText('ingest', e));
    return 1;
  }
  // Reading starts while the writer's thread loads DuckDB and opens the store.
  held = [];
  let openFailed = false;
  const opened = writer.ready.then(() => {
    if (trace.enabled) trace(`ingest: store open at ${(performance.now() - started).toFixed(0)} ms`);
    for (const t of held ?? []) io.stderr.write(t);
    held = undefined;
  }, (e: unknown) => {
    openFailed = true;
    held = undefined;
    err(storeErrorText('ingest', e));
  });
  let code = 0;
  try {
    let shown = 0;
    const ingest = new StoreIngest(writer, {
      timeoutSec: args.timeoutSec ?? readAuditdConf().endOfEventTimeoutSec,
      maxInFlight: MAX_IN_FLIGHT,
      batchEvents: args.batch,
      users: hostUsers(),
      onDiagnostic: (d) => {
        if (shown++ < MAX_DIAGNOSTICS_SHOWN) err(`auspex: ${formatDiagnostic(d)}\n`);
      },
      ...(args.verbose ? { onCommit: (t: IngestTotals) => err(`committed: ${t.stored} new events, ${t.alreadyStored} already stored\n`) } : {}),
    });
    const all = streams.flat();
    const sizes = all.map(plainSize);
    const total = sizes.every((s) => s !== undefined) ? sizes.reduce<number>((a, s) => a + (s ?? 0), 0) : undefined;
    const progress = !args.quiet && (io.stderr as { isTTY?: boolean }).isTTY === true ? new IngestProgress(io.stderr, total) : undefined;
    for (const inputs of streams) {
      for (let i = 0; i < inputs.length; i++) {
        const input = inputs[i] as LogInput;
        const name = inputName(input);
        ingest.beginInput(name);
        const chunks = readInput(input, io.stdin)[Symbol.asyncIterator]();
        for (;;) {
          let next: IteratorResult<Buffer>;
          try {
            next = await chunks.next();
          } catch (e) {
            if ((e as { code?: string }).code === undefined) throw e;
            progress?.clear();
            err(`auspex ingest: cannot read ${name}: ${(e as Error).message}\n`);
            code = 1;
            break;
          }
          if (next.done === true) break;
          await ingest.push(next.value);
          progress?.update(next.value.length, ingest.totals.events);
        }
        // A stream's events are complete at its end: the next stream starts afresh.
        await ingest.endInput(i === inputs.length - 1);
      }
    }
    if (trace.enabled) trace(`ingest: inputs read at ${(performance.now() - started).toFixed(0)} ms`);
    const totals = await ingest.finish();
    if (trace.enabled) trace(`ingest: committed at ${(performance.now() - started).toFixed(0)} ms`);
    progress?.clear();
    if (shown > MAX_DIAGNOSTICS_SHOWN) err(`auspex: ${shown - MAX_DIAGNOSTICS_SHOWN} more line(s) that are not records not shown\n`);
    const seconds = (performance.now() - started) / 1000;
    if (!args.quiet && args.inputs.length > 0) io.stdout.write(summaryText(totals, seconds, path));
    if (args.maxAgeSec !== undefined || args.maxBytes !== undefined) {
      const policy: RetentionPolicy = {
        nowSec: Math.floor(Date.now() / 1000),
        ...(args.maxAgeSec === undefined ? {} : { maxAgeSec: args.maxAgeSec }),
        ...(args.maxBytes === undefined ? {} : { maxBytes: args.maxBytes }),
      };
      const r = await writer.retain(policy);
      if (!args.quiet) io.stdout.write(`retention: ${r.deletedEvents} event(s) deleted; data now ${(r.usedBytes / 1048576).toFixed(1)} MiB\n`);
    }
  } catch (e) {
    await opened;
    if (!openFailed) err(storeErrorText('ingest', e));
    code = 1;
  } finally {
    try {
      await opened;
      await writer.close();
      if (trace.enabled) trace(`ingest: store closed at ${(performance.now() - started).toFixed(0)} ms`);
    } catch (e) {
      err(storeErrorText('ingest', e));
      code = 1;
    }
  }
  return code;
}

export const ingestCommand: Command = {
  summary: 'read audit logs into the event store (idempotent; rotated sets, gzip, stdin)',
  run,
};
