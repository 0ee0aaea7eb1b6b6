// `auspex search`: ausearch's options and output over audit logs, faster.
// Reads inputs as a stream, assembles events as ausearch does, selects them
// with the query predicate and prints them in the chosen format.
import type { Command } from './main.js';
import type { CommandIo } from './command-io.js';
import { runSearch } from './search-run.js';
import type { SearchPlan } from './search-run.js';
import { searchHost } from './search-host.js';
import type { SearchHost } from './search-host.js';
import { AUSPEX_VERSION } from './version.js';
import { compileCriteria, necessaryStrings, parseSearchArgs } from '../query/index.js';
import type { SearchOptions } from '../query/index.js';

export const searchCommand: Command = {
  summary: 'search audit logs (ausearch-compatible)',
  async run(argv, io) {
    const host = searchHost();
    const parsed = parseSearchArgs(argv, host.args);
    switch (parsed.kind) {
      case 'help':
        io.stdout.write(parsed.stdout);
        return parsed.exitCode;
      case 'version':
        io.stdout.write(`auspex search ${AUSPEX_VERSION} (ausearch 3.0.9 compatible)\n`);
        return parsed.exitCode;
      case 'error':
        io.stdout.write(parsed.stdout);
        io.stderr.write(parsed.stderr);
        return parsed.exitCode;
      case 'ok':
        return runSearch(planFromOptions(parsed.options, host, io), io);
    }
  },
};

function planFromOptions(o: SearchOptions, host: SearchHost, io: CommandIo): SearchPlan {
  const c = o.criteria;
  const start = c.startSec ?? 0;
  const end = c.endSec ?? 0;
  return {
    inputArgs: o.input.sources.map((s) => (s.kind === 'stdin' ? '-' : s.path)),
    forceLogs: o.input.forceLogs,
    format: { output: o.output.format, escape: o.output.escape, extra: o.output.extra },
    host,
    lineBuffered: o.output.lineBuffered,
    justOne: o.justOne,
    eoeTimeoutSec: o.input.eoeTimeoutSec,
    needles: necessaryStrings(c)?.map((t) => Buffer.from(t, 'latin1')),
    matches: compileCriteria(c, { users: host.users, format: o.output.format, warn: (t) => io.stderr.write(t) }),
    // ausearch drops records outside -ts/-te before it groups them.
    acceptsRecord: start === 0 && end === 0 ? undefined : (r) => !((start !== 0 && r.sec < start) || (end !== 0 && r.sec > end)),
    checkpoint: o.input.checkpoint === undefined ? undefined : { path: o.input.checkpoint, timeOnly: o.input.checkpointTimeOnly },
  };
}
