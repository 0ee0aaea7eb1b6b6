// `auspex serve`: the HTTP API and web UI over the event store.
//   auspex serve [--db PATH] [--listen HOST:PORT] [--token-file PATH] [--follow LOG]
// Prints the address to open, token included, on stdout and runs until
// TERM/INT. Exit codes: 0 stopped, 1 could not start, 2 bad command line.
import { parseCommandArgs, usageExit } from './command-args.js';
import { createFieldInterpreter } from '../interpret/index.js';
import { systemTimeZone } from '../query/index.js';
import { DEFAULT_LISTEN, StoreSession, defaultTokenPath, defaultWebRoot, isLoopback, newToken, parseListen, startServer, writeTokenFile } from '../server/index.js';
import type { ListenAddress, RunningServer, ServeOptions } from '../server/index.js';
import { readAuditdConf } from './auditd-conf.js';
import type { CommandIo } from './command-io.js';
import type { Command } from './main.js';
import { interpretOptions } from './search-format.js';
import { searchHost } from './search-host.js';
import type { SearchHost } from './search-host.js';
import { storeErrorText, storePath } from './store-cli.js';
import { AUSPEX_VERSION } from './version.js';

const USAGE = `usage: auspex serve [--db PATH] [--listen HOST:PORT] [--token-file PATH] [--follow LOG]

  --db          the event store (default: as auspex ingest; created if missing)
  --listen      address to listen on (default ${DEFAULT_LISTEN.host}:0, a free port;
                anything but loopback lets other machines try the token)
  --token-file  where the access token is written, mode 0600 (default: the
                runtime directory, /run/auspex/serve.token for root)
  --follow      an auditd-format log to ingest as it grows (the collector's),
                with new events streamed to open pages
Prints http://HOST:PORT/?token=TOKEN; the page keeps the token and sends it as
"Authorization: Bearer TOKEN" on every API call. Stop with Ctrl-C or TERM.
`;

interface ServeArgs {
  readonly db: string | undefined;
  readonly listen: ListenAddress;
  readonly tokenFile: string | undefined;
  readonly follow: string | undefined;
}

function parse(argv: readonly string[]): ServeArgs | { error: string } | 'help' {
  const parsed = parseCommandArgs(argv, {
    db: { type: 'string' },
    listen: { type: 'string' },
    'token-file': { type: 'string' },
    follow: { type: 'string' },
  });
  if (parsed === 'help' || 'error' in parsed) return parsed;
  const { values } = parsed;
  let listen = DEFAULT_LISTEN;
  if (values.listen !== undefined) {
    const l = parseListen(values.listen);
    if (!l.ok) return { error: `--listen: ${l.message}` };
    listen = l.value;
  }
  return { db: values.db, listen, tokenFile: values['token-file'], follow: values.follow };
}

/** What the server takes from this machine: its users and clock for criteria, names for interpretation, time zone for reports. */
export function serveEnv(host: SearchHost): Pick<ServeOptions, 'filter' | 'interpret' | 'report'> {
  // JSON escapes for itself: interpreted text stays raw (as search --json).
  const fields = createFieldInterpreter({ ...interpretOptions({ output: 'json', escape: 'raw', extra: { keys: false, labels: false, obj2: false, time: false } }, host), escape: 'raw' });
  return {
    filter: { args: host.args, users: host.users },
    interpret: (record, parsed) => fields.interpretFields(record, parsed),
    report: { users: host.users, timeZone: systemTimeZone() },
  };
}

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const args = parse(argv);
  if (args === 'help' || 'error' in args) return usageExit(args, 'serve', USAGE, io);
  // TERM or INT from here on stops the server once it is up (a signal during
  // start-up included), so the store is always closed cleanly.
  const stopped = new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  const host = searchHost();
  const db = storePath(args.db, io);
  const tokenFile = args.tokenFile ?? defaultTokenPath({ uid: process.getuid?.() ?? -1, home: io.env.HOME, xdgRuntimeDir: io.env.XDG_RUNTIME_DIR });
  let session: StoreSession;
  try {
    session = await StoreSession.open({
      path: db,
      users: host.users,
      timeoutSec: readAuditdConf().endOfEventTimeoutSec,
      onDiagnostic: (d) => void io.stderr.write(`auspex serve: ${d.file}:${d.line}: ${d.message}\n`),
    });
  } catch (e) {
    io.stderr.write(storeErrorText('serve', e));
    return 1;
  }
  let server: RunningServer;
  try {
    const token = newToken();
    writeTokenFile(tokenFile, token);
    server = await startServer({
      session,
      listen: args.listen,
      token,
      webRoot: defaultWebRoot(),
      ...serveEnv(host),
      version: AUSPEX_VERSION,
      ...(args.follow === undefined ? {} : { follow: { path: args.follow, pollMs: 250 } }),
      onError: (e) => void io.stderr.write(`auspex serve: ${e.message}\n`),
    });
  } catch (e) {
    io.stderr.write(`auspex serve: ${(e as Error).message}\n`);
    await session.close();
    return 1;
  }
  io.stderr.write(`auspex serve: store ${db}${args.follow === undefined ? '' : `, following ${args.follow}`}; token in ${tokenFile}\n`);
  if (!isLoopback(args.listen.host)) io.stderr.write(`auspex serve: listening on ${args.listen.host}, not loopback: anyone who can reach it may try the token\n`);
  io.stdout.write(`${server.url}\n`);

  await stopped;
  io.stderr.write('auspex serve: stopping\n');
  await server.close();
  await session.close();
  return 0;
}

export const serveCommand: Command = {
  summary: 'the HTTP API and web UI over the event store',
  run,
};
