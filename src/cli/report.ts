// `auspex report`: aureport 3.0.9's reports (same switches, same text) and
// auspex's --uring, --bpf and --container reports, streamed from -if FILE,
// stdin or the configured logs, or from the event store with --db PATH.
import type { Command } from './main.js';
import { runReport } from './report-run.js';
import { reportHost } from './report-host.js';
import { AUSPEX_VERSION } from './version.js';
import { parseReportArgs } from '../report/index.js';

export const reportCommand: Command = {
  summary: 'reports over audit logs (aureport-compatible, plus io_uring, BPF and container reports)',
  async run(argv, io) {
    const host = reportHost();
    const parsed = parseReportArgs(argv, {
      time: host.time,
      versionText: `auspex report ${AUSPEX_VERSION} (aureport 3.0.9 compatible)\n`,
    });
    if (parsed.kind === 'exit') {
      io.stdout.write(parsed.stdout);
      io.stderr.write(parsed.stderr);
      return parsed.exitCode;
    }
    const db = parsed.options.input.db;
    if (db !== undefined) {
      const { runStoreReport } = await import('./report-store.js');
      return runStoreReport(parsed.options, db, { users: host.users, timeZone: host.time.timeZone }, io);
    }
    return runReport(parsed.options, { users: host.users, timeZone: host.time.timeZone }, io);
  },
};
