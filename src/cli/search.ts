// `auspex search`: ausearch's options and output over audit logs, faster.
// Reads inputs as a stream, assembles events as ausearch does, selects them
// with the query predicate and prints them in the chosen format.
import type { Command } from './main.js';
import { runSearch } from './search-run.js';
import { planFromOptions } from './search-plan.js';
import { searchHost } from './search-host.js';
import { AUSPEX_VERSION } from './version.js';
import { parseSearchArgs } from '../query/index.js';
import { takeUringProfile, withUringProfile } from './search-uring-profile.js';

export const searchCommand: Command = {
  summary: 'search audit logs (ausearch-compatible)',
  async run(argv, io) {
    const host = searchHost();
    const profile = takeUringProfile(argv);
    if (profile.kind === 'error') {
      io.stderr.write(profile.message);
      return 1;
    }
    const parsed = parseSearchArgs(profile.argv, host.args);
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
      case 'ok': {
        const plan = planFromOptions(parsed.options, host, (t) => io.stderr.write(t));
        if (profile.kind === 'none') return runSearch(plan, io);
        const checked = await withUringProfile(plan, profile.path);
        if (typeof checked === 'string') {
          io.stderr.write(checked);
          return 1;
        }
        return runSearch(checked, io);
      }
    }
  },
};
