// `auspex report --db PATH ...`: the same reports, from the event store. The
// main summary is answered with SQL over the stored aureport grouping
// (store/summary-sql.ts); every other report, and the summary where SQL
// cannot be exact, replays the stored records in the order they were read
// into the same run `-if` feeds (report/), so the output is the same.
import type { CommandIo } from './command-io.js';
import { OutputSink } from './output-sink.js';
import { readAuditdConf } from './auditd-conf.js';
import { storeErrorText } from './store-cli.js';
import { endOutput } from './end-output.js';
import { reportAssembler } from './report-run.js';
import { Presenter, createReportRun, formatSummary } from '../report/index.js';
import type { ReportEnv, ReportOptions } from '../report/index.js';
import { StoreReader, replay, sqlSummary } from '../store/index.js';

export async function runStoreReport(options: ReportOptions, db: string, env: Omit<ReportEnv, 'warn' | 'debug'>, io: CommandIo): Promise<number> {
  const err = (t: string): void => {
    io.stderr.write(t);
  };
  let reader: StoreReader;
  try {
    reader = await StoreReader.open(db);
  } catch (e) {
    err(storeErrorText('report', e));
    return 1;
  }
  const out = new OutputSink(io.stdout);
  try {
    const timeoutSec = options.input.eoeTimeoutSec ?? readAuditdConf().endOfEventTimeoutSec;
    const run = await createReportRun(options, { ...env, warn: err, debug: err });
    const started = run.start();
    out.write(started.stdout);
    err(started.stderr);
    if (started.exitCode !== undefined) return await endOutput(out, io, started.exitCode);

    const choice = options.choice;
    if (choice.kind === 'aureport' && choice.report === 'summary' && choice.detail === 'summary' && !options.debug) {
      const answer = await sqlSummary(reader, { filter: options.filter, interpret: options.presentation.interpret, timeoutSec });
      if (answer !== undefined) {
        const presenter = new Presenter({
          interpret: options.presentation.interpret, escape: options.presentation.escape, users: env.users, timeZone: env.timeZone,
        });
        err(answer.warnings);
        out.write(formatSummary(answer.model, presenter));
        return await endOutput(out, io, 0);
      }
    }

    // aureport's range of time starts at the first record read, or with -ts
    // at the first record left out: one record read before the others tells
    // the run, as the log's own first lines would.
    const { startSec, endSec } = options.filter;
    if (startSec !== 0 || endSec !== 0) {
      const outside = startSec !== 0 ? `WHERE time < epoch_ms(${startSec * 1000}::BIGINT)${endSec !== 0 ? ` OR time >= epoch_ms(${(endSec + 1) * 1000}::BIGINT)` : ''}` : '';
      const [probe] = await reader.rows(`SELECT epoch_ms(time) FROM events ${outside} ORDER BY rseq LIMIT 1`);
      if (probe !== undefined) {
        const ms = Number(probe[0]);
        run.acceptRecord(Math.floor(ms / 1000), ms % 1000);
      }
    }
    const assembler = reportAssembler(run, timeoutSec, out);
    let files = 0;
    let index = 0;
    const total = (await reader.sources()).length;
    await replay(reader, { fromSec: startSec, toSec: endSec }, {
      beginFile: (name) => {
        run.beginFile(name);
        index++;
      },
      record: (r) => {
        // The store keeps every line; the report reads what aureport reads of them.
        if (r.ausearchReads && run.acceptRecord(r.sec, r.milli)) assembler.push(r);
      },
      endFile: async () => {
        // Events still open wait for the next input; only the last completes them.
        if (index === total) assembler.flush();
        out.write(run.endFile());
        files++;
        await out.drain();
      },
    });
    if (files === 0) assembler.flush();
    const end = run.finish();
    out.write(end.stdout);
    err(end.stderr);
    return await endOutput(out, io, end.exitCode);
  } catch (e) {
    err(storeErrorText('report', e));
    return await endOutput(out, io, 1);
  } finally {
    reader.close();
  }
}
