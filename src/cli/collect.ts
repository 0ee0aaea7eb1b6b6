// `auspex collect`: the collector daemon, and `--status` for a running one.
//   auspex collect [--source multicast|unicast|stdin|file:PATH] [--log PATH]
//     [--log-format raw|enriched] [--json PATH|-] [--db PATH] [--config PATH]
//   auspex collect --status [--config PATH]
// Exit codes: 0 stopped cleanly, 1 failed while running, 2 bad command line or
// configuration (the message names the key), 3 --status: nothing running.
import { existsSync, readFileSync } from 'node:fs';
import { parseCommandArgs, usageExit } from './command-args.js';
import { Collector, CollectError, DEFAULT_STATE_FILE, formatStatus, parseCollectConfig, parseStatus, pollKernel, processAlive, sourceSpec } from '../collect/index.js';
import type { ConfigOverrides, StoreSink } from '../collect/index.js';
import { hostUsers } from './host-files.js';
import type { CommandIo } from './command-io.js';
import { collectHost } from './collect-host.js';
import { collectStages } from './collect-stages.js';
import type { StageArgs } from './collect-stages.js';
import type { Command } from './main.js';

export const DEFAULT_CONFIG = '/etc/auspex/collect.conf';

const USAGE = `usage: auspex collect [--source auto|multicast|unicast|stdin|file:PATH] [--log PATH]
                      [--log-format raw|enriched] [--json PATH|-] [--db PATH] [--config PATH]
                      [--sigma-rules DIR] [--uring-profile FILE] [--alerts PATH|-]
       auspex collect --status [--config PATH]

  --source      where records come from (default auto: unicast as the audit daemon
                when none runs, else multicast beside it)
  --log         write an auditd-format log (rotation etc. from the configuration)
  --log-format  raw or enriched, as auditd's log_format
  --json        JSON lines, one event per line, to a file or - for stdout
  --db          the event store (auspex query / report --db read it once the collector
                stops; while it runs, it alone has the store open)
  --config      configuration file (default ${DEFAULT_CONFIG} when it exists);
                keys in docs/collect.md
  --sigma-rules run these Sigma rules (auditd log source) on every event
  --uring-profile  flag io_uring ops outside this profile ('auspex uring profile --json')
  --alerts      where their JSON lines go (default -: stdout)
  --status      print a running collector's events/s, lag, lost, backlog and gaps
Signals: TERM stop, HUP reload configuration, USR1 rotate the log, USR2 resume logging.
`;

interface CollectArgs {
  readonly status: boolean;
  readonly configPath: string | undefined;
  readonly overrides: ConfigOverrides;
  readonly stages: StageArgs;
  readonly db: string | undefined;
}

function parse(argv: readonly string[]): CollectArgs | { error: string } | 'help' {
  const parsed = parseCommandArgs(argv, {
    source: { type: 'string' },
    log: { type: 'string' },
    'log-format': { type: 'string' },
    json: { type: 'string' },
    db: { type: 'string' },
    config: { type: 'string' },
    status: { type: 'boolean' },
    'sigma-rules': { type: 'string' },
    'uring-profile': { type: 'string' },
    alerts: { type: 'string' },
  });
  if (parsed === 'help' || 'error' in parsed) return parsed;
  const { values } = parsed;
  const overrides: { -readonly [K in keyof ConfigOverrides]: ConfigOverrides[K] } = {};
  if (values.source !== undefined) {
    const s = sourceSpec(values.source);
    if (!s.ok) return { error: `--source: ${s.reason}` };
    overrides.source = s.value;
  }
  if (values.log !== undefined) {
    if (!values.log.startsWith('/')) return { error: `--log: '${values.log}' is not an absolute path` };
    overrides.logFile = values.log;
  }
  if (values['log-format'] !== undefined) {
    const f = values['log-format'].toLowerCase();
    if (f !== 'raw' && f !== 'enriched') return { error: `--log-format: '${values['log-format']}' is not raw or enriched` };
    overrides.logFormat = f;
  }
  if (values.json !== undefined) {
    if (values.json !== '-' && !values.json.startsWith('/')) return { error: `--json: '${values.json}' is not an absolute path or -` };
    overrides.json = values.json;
  }
  const configPath = values.config ?? (existsSync(DEFAULT_CONFIG) ? DEFAULT_CONFIG : undefined);
  const stages: StageArgs = { sigmaRules: values['sigma-rules'], uringProfile: values['uring-profile'], alerts: values.alerts ?? '-' };
  return { status: values.status === true, configPath, overrides, stages, db: values.db };
}

function showStatus(args: CollectArgs, io: CommandIo): number {
  let stateFile = DEFAULT_STATE_FILE;
  if (args.configPath !== undefined) {
    const text = readFileSync(args.configPath, 'utf8');
    stateFile = parseCollectConfig(text, args.configPath, collectHost(io).configEnv).config.stateFile;
  }
  let text: string;
  try {
    text = readFileSync(stateFile, 'utf8');
  } catch {
    io.stderr.write(`auspex collect: no collector status at ${stateFile} (not running?)\n`);
    return 3;
  }
  const status = parseStatus(text);
  if (status === undefined) {
    io.stderr.write(`auspex collect: ${stateFile} is not a collector status file\n`);
    return 3;
  }
  const alive = processAlive(status.pid);
  const fresh = status.source === 'unicast' || status.source === 'multicast' ? pollKernel() : undefined;
  io.stdout.write(formatStatus(status, alive, Date.now(), fresh));
  return status.running && alive ? 0 : 3;
}

/**
 * The event store for --db: a sink the collector can hold from its start,
 * whose store is opened once the configuration (end-of-event timeout) is read.
 */
async function openStoreSink(db: string | undefined, host: { notice(m: string): void }): Promise<{ sink: StoreSink; open(timeoutSec: number): Promise<void> } | undefined> {
  if (db === undefined) return undefined;
  const { StoreFeed } = await import('../store/index.js');
  let feed: StoreSink | undefined;
  return {
    sink: { push: (bytes) => feed?.push(bytes), close: async () => feed?.close() },
    open: async (timeoutSec) => {
      feed = await StoreFeed.open(db, {
        timeoutSec, users: hostUsers(), name: 'auspex collect',
        onError: (e) => host.notice(`event store ${db} failed, no longer written: ${e.message}`),
        onDropped: (bytes) => host.notice(`event store ${db} fell behind: ${bytes} bytes of input not stored (the log has them)`),
      });
    },
  };
}

async function runDaemon(args: CollectArgs, io: CommandIo): Promise<number> {
  const host = collectHost(io);
  const stages = collectStages(args.stages);
  const feed = await openStoreSink(args.db, host);
  const collector = new Collector(host, { configPath: args.configPath, overrides: args.overrides, stages, store: feed?.sink });
  await feed?.open(collector.config.endOfEventTimeoutSec);
  const handlers: Array<[NodeJS.Signals, () => void]> = [
    ['SIGTERM', () => void collector.stop()],
    ['SIGINT', () => void collector.stop()],
    ['SIGHUP', () => collector.reload()],
    ['SIGUSR1', () => collector.rotate()],
    ['SIGUSR2', () => collector.resume()],
  ];
  for (const [sig, h] of handlers) process.on(sig, h);
  try {
    await collector.start();
    await collector.done;
    return 0;
  } finally {
    for (const [sig, h] of handlers) process.off(sig, h);
  }
}

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const args = parse(argv);
  if (args === 'help' || 'error' in args) return usageExit(args, 'collect', USAGE, io);
  try {
    return args.status ? showStatus(args, io) : await runDaemon(args, io);
  } catch (e) {
    if (e instanceof CollectError) {
      io.stderr.write(`auspex collect: ${e.message}\n`);
      return e.code === 'E_CONFIG_KEY' || e.code === 'E_CONFIG_VALUE' || e.code === 'E_CONFIG_FILE' ? 2 : 1;
    }
    io.stderr.write(`auspex collect: ${(e as Error).message}\n`);
    return 1;
  }
}

export const collectCommand: Command = {
  summary: 'the collector daemon: kernel events to auditd-format logs and JSON, enriched',
  run,
};
