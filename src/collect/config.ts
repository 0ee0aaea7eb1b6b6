// The collector's configuration: one file of auditd.conf-style `key = value`
// lines (auditd's own keys keep auditd's names and meanings, auspex's are
// added), parsed and validated at start and on SIGHUP. Every error names the
// file, line and key. Pure: the text and a group lookup come in.
import { CollectError } from './collect-error.js';
import type { DiskAction, Parsed, SourceSpec, SpaceAmount } from './config-values.js';
import {
  absolutePath, count, diskAction, groupId, nonEmpty, oneOf, pathOrDash, sourceSpec, spaceAmount, yesNo,
} from './config-values.js';

export type FlushMode = 'none' | 'incremental' | 'incremental_async' | 'data' | 'sync';
export type SizeAction = 'ignore' | 'syslog' | 'suspend' | 'rotate' | 'keep_logs';
export type NameFormat = 'none' | 'hostname' | 'fqd' | 'numeric' | 'user';
export type StartupState = 'enable' | 'disable' | 'nochange';

export interface LogConfig {
  readonly file: string;
  readonly format: 'raw' | 'enriched';
  /** Group that may read the logs (0: only root; files 0600, else 0640). */
  readonly group: number;
  readonly flush: FlushMode;
  /** Records between flushes for the incremental modes. */
  readonly freq: number;
  readonly maxLogFileMb: number;
  readonly maxLogFileAction: SizeAction;
  readonly numLogs: number;
  readonly spaceLeft: SpaceAmount;
  readonly spaceLeftAction: DiskAction;
  readonly adminSpaceLeft: SpaceAmount;
  readonly adminSpaceLeftAction: DiskAction;
  readonly diskFullAction: DiskAction;
  readonly diskErrorAction: DiskAction;
}

export interface EnrichConfig {
  readonly processTree: boolean;
  readonly names: boolean;
  readonly containers: boolean;
  readonly bpf: boolean;
  readonly uring: boolean;
  /** Where `auspex container set` keeps audit container IDs (kernels without /proc/PID/audit_containerid). */
  readonly containerRegistry: string;
}

export interface CollectConfig {
  readonly source: SourceSpec;
  /** The auditd-format log's settings; see logConfigFor for whether and where one is written. */
  readonly log: Omit<LogConfig, 'file'> & { readonly file: string | undefined };
  readonly writeLogs: boolean;
  /** JSON lines: a path or `-` (stdout). */
  readonly json: string | undefined;
  readonly node: { readonly format: NameFormat; readonly name: string | undefined };
  readonly endOfEventTimeoutSec: number;
  readonly kernel: {
    readonly startupState: StartupState;
    readonly receiveBufferBytes: number;
    /** How long the reader gathers records before handing a batch over (fewer wake-ups, a little latency). */
    readonly readBatchMs: number;
    /** Seconds between polls of the kernel's lost and backlog counters. */
    readonly statusIntervalSec: number;
  };
  readonly enrich: EnrichConfig;
  /** Where the running daemon publishes its counters for `auspex collect --status`. */
  readonly stateFile: string;
  /** Seconds a missing serial may stay missing before it is reported as a gap. */
  readonly serialGapSec: number;
}

export const DEFAULT_LOG_FILE = '/var/log/audit/audit.log';
export const DEFAULT_STATE_FILE = '/run/auspex/collect.state';
export const DEFAULT_CONTAINER_REGISTRY = '/run/auspex/containers.json';

export interface ConfigEnv {
  readonly groupId: (name: string) => number | undefined;
}

type Setter = (text: string, into: Mutable) => Parsed<unknown>;

interface Mutable {
  source: SourceSpec;
  writeLogs: boolean;
  logFile: string | undefined;
  format: 'raw' | 'enriched';
  group: number;
  flush: FlushMode;
  freq: number;
  maxLogFileMb: number;
  maxLogFileAction: SizeAction;
  numLogs: number;
  spaceLeft: SpaceAmount;
  spaceLeftAction: DiskAction;
  adminSpaceLeft: SpaceAmount;
  adminSpaceLeftAction: DiskAction;
  diskFullAction: DiskAction;
  diskErrorAction: DiskAction;
  json: string | undefined;
  nameFormat: NameFormat;
  name: string | undefined;
  eoeTimeout: number;
  startupState: StartupState;
  receiveBufferBytes: number;
  readBatchMs: number;
  statusIntervalSec: number;
  enrich: { processTree: boolean; names: boolean; containers: boolean; bpf: boolean; uring: boolean; containerRegistry: string };
  stateFile: string;
  serialGapSec: number;
}

function set<T>(parse: (text: string) => Parsed<T>, apply: (into: Mutable, v: T) => void): Setter {
  return (text, into) => {
    const r = parse(text);
    if (r.ok) apply(into, r.value);
    return r;
  };
}

/** auditd.conf keys auspex accepts for compatibility but has no use for (networking, plugins, mail). */
export const IGNORED_AUDITD_KEYS: readonly string[] = [
  'local_events', 'dispatcher', 'disp_qos', 'action_mail_acct', 'verify_email', 'priority_boost', 'tcp_listen_port',
  'tcp_listen_queue', 'tcp_max_per_addr', 'use_libwrap', 'tcp_client_ports', 'tcp_client_max_idle', 'transport',
  'enable_krb5', 'krb5_principal', 'krb5_key_file', 'distribute_network', 'q_depth', 'overflow_action',
  'max_restarts', 'plugin_dir',
];

function keys(env: ConfigEnv): ReadonlyMap<string, Setter> {
  const mb = count(0, 2 ** 31, 'megabytes');
  return new Map<string, Setter>([
    // auditd's keys, auditd's meanings
    ['write_logs', set(yesNo, (c, v) => (c.writeLogs = v))],
    ['log_file', set(absolutePath, (c, v) => (c.logFile = v))],
    ['log_format', set(oneOf(['raw', 'enriched', 'nolog']), (c, v) => {
      if (v === 'nolog') c.writeLogs = false;
      else c.format = v;
    })],
    ['log_group', set(groupId(env.groupId), (c, v) => (c.group = v))],
    ['flush', set(oneOf(['none', 'incremental', 'incremental_async', 'data', 'sync']), (c, v) => (c.flush = v))],
    ['freq', set(count(0, 2 ** 31), (c, v) => (c.freq = v))],
    ['num_logs', set(count(0, 999), (c, v) => (c.numLogs = v))],
    ['max_log_file', set(mb, (c, v) => (c.maxLogFileMb = v))],
    ['max_log_file_action', set(oneOf(['ignore', 'syslog', 'suspend', 'rotate', 'keep_logs']), (c, v) => (c.maxLogFileAction = v))],
    ['space_left', set(spaceAmount, (c, v) => (c.spaceLeft = v))],
    ['space_left_action', set(diskAction, (c, v) => (c.spaceLeftAction = v))],
    ['admin_space_left', set(spaceAmount, (c, v) => (c.adminSpaceLeft = v))],
    ['admin_space_left_action', set(diskAction, (c, v) => (c.adminSpaceLeftAction = v))],
    ['disk_full_action', set(diskAction, (c, v) => (c.diskFullAction = v))],
    ['disk_error_action', set(diskAction, (c, v) => (c.diskErrorAction = v))],
    ['name_format', set(oneOf(['none', 'hostname', 'fqd', 'numeric', 'user']), (c, v) => (c.nameFormat = v))],
    ['name', set(nonEmpty, (c, v) => (c.name = v))],
    ['end_of_event_timeout', set(count(1, 3600, 'seconds'), (c, v) => (c.eoeTimeout = v))],
    // auspex's keys
    ['source', set(sourceSpec, (c, v) => (c.source = v))],
    ['json_file', set(pathOrDash, (c, v) => (c.json = v))],
    ['startup_state', set(oneOf(['enable', 'disable', 'nochange']), (c, v) => (c.startupState = v))],
    ['receive_buffer', set(count(65536, 1 << 30, 'bytes'), (c, v) => (c.receiveBufferBytes = v))],
    ['read_batch_ms', set(count(0, 1000, 'milliseconds'), (c, v) => (c.readBatchMs = v))],
    ['status_interval', set(count(1, 3600, 'seconds'), (c, v) => (c.statusIntervalSec = v))],
    ['state_file', set(absolutePath, (c, v) => (c.stateFile = v))],
    ['serial_gap_timeout', set(count(1, 3600, 'seconds'), (c, v) => (c.serialGapSec = v))],
    ['enrich_process_tree', set(yesNo, (c, v) => (c.enrich.processTree = v))],
    ['enrich_names', set(yesNo, (c, v) => (c.enrich.names = v))],
    ['enrich_containers', set(yesNo, (c, v) => (c.enrich.containers = v))],
    ['enrich_bpf', set(yesNo, (c, v) => (c.enrich.bpf = v))],
    ['enrich_io_uring', set(yesNo, (c, v) => (c.enrich.uring = v))],
    ['container_registry', set(absolutePath, (c, v) => (c.enrich.containerRegistry = v))],
  ]);
}

/** The key names a configuration file may use, auditd's and auspex's. */
export function configKeyNames(): string[] {
  return [...keys({ groupId: () => undefined }).keys(), ...IGNORED_AUDITD_KEYS];
}

function defaults(): Mutable {
  return {
    source: { kind: 'auto' },
    writeLogs: true,
    logFile: undefined,
    format: 'raw',
    group: 0,
    flush: 'incremental_async',
    freq: 50,
    maxLogFileMb: 8,
    maxLogFileAction: 'rotate',
    numLogs: 5,
    spaceLeft: { kind: 'megabytes', megabytes: 75 },
    spaceLeftAction: { kind: 'syslog' },
    adminSpaceLeft: { kind: 'megabytes', megabytes: 50 },
    adminSpaceLeftAction: { kind: 'suspend' },
    diskFullAction: { kind: 'suspend' },
    diskErrorAction: { kind: 'syslog' },
    json: undefined,
    nameFormat: 'none',
    name: undefined,
    eoeTimeout: 2,
    startupState: 'enable',
    receiveBufferBytes: 8 << 20,
    readBatchMs: 20,
    statusIntervalSec: 1,
    enrich: { processTree: true, names: true, containers: true, bpf: true, uring: true, containerRegistry: DEFAULT_CONTAINER_REGISTRY },
    stateFile: DEFAULT_STATE_FILE,
    serialGapSec: 5,
  };
}

export interface ConfigResult {
  readonly config: CollectConfig;
  /** Non-fatal remarks (auditd keys auspex ignores), one line each. */
  readonly warnings: readonly string[];
}

/** Command-line settings that win over the file's. */
export interface ConfigOverrides {
  readonly source?: SourceSpec;
  readonly logFile?: string;
  readonly logFormat?: 'raw' | 'enriched';
  readonly json?: string;
}

/**
 * Parses a configuration file's text (an empty text gives the defaults).
 * Throws CollectError (E_CONFIG_KEY for an unknown key, E_CONFIG_VALUE for a
 * bad value) whose message starts `FILE:LINE: KEY:`.
 */
export function parseCollectConfig(text: string, file: string, env: ConfigEnv, overrides: ConfigOverrides = {}): ConfigResult {
  const table = keys(env);
  const c = defaults();
  const warnings: string[] = [];
  const seen = new Map<string, number>();
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const lineNo = i + 1;
    const line = raw.trim();
    if (line.length === 0 || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) throw new CollectError('E_CONFIG_KEY', `${file}:${lineNo}: missing '=' (expected 'key = value')`);
    const key = line.slice(0, eq).trim().toLowerCase();
    const value = line.slice(eq + 1).trim();
    const where = `${file}:${lineNo}: ${key}`;
    const prev = seen.get(key);
    if (prev !== undefined) throw new CollectError('E_CONFIG_KEY', `${where}: set again (first set on line ${prev})`, { key });
    seen.set(key, lineNo);
    if (IGNORED_AUDITD_KEYS.includes(key)) {
      warnings.push(`${where}: auditd setting without effect in auspex collect; ignored`);
      continue;
    }
    const setter = table.get(key);
    if (setter === undefined) {
      const near = [...table.keys()].find((k) => editDistance(k, key) <= 2);
      throw new CollectError('E_CONFIG_KEY', `${where}: unknown key${near === undefined ? '' : ` (did you mean ${near}?)`}`, { key });
    }
    const r = setter(value, c);
    if (!r.ok) throw new CollectError('E_CONFIG_VALUE', `${where}: ${r.reason}`, { key });
  }
  if (overrides.source !== undefined) c.source = overrides.source;
  if (overrides.logFile !== undefined) {
    c.logFile = overrides.logFile;
    c.writeLogs = true;
  }
  if (overrides.logFormat !== undefined) c.format = overrides.logFormat;
  if (overrides.json !== undefined) c.json = overrides.json;
  return { config: finish(c, file, seen), warnings };
}

function finish(c: Mutable, file: string, seen: ReadonlyMap<string, number>): CollectConfig {
  const at = (key: string): string => `${file}:${seen.get(key) ?? 0}: ${key}`;
  if (c.nameFormat === 'user' && c.name === undefined) {
    throw new CollectError('E_CONFIG_VALUE', `${at('name_format')}: name_format = user needs a 'name = ...' line`, { key: 'name_format' });
  }
  if (c.maxLogFileAction === 'rotate' && c.numLogs < 2 && seen.has('max_log_file_action')) {
    throw new CollectError('E_CONFIG_VALUE', `${at('num_logs')}: max_log_file_action = rotate needs num_logs of 2 or more`, { key: 'num_logs' });
  }
  if (c.freq === 0 && (c.flush === 'incremental' || c.flush === 'incremental_async')) {
    throw new CollectError('E_CONFIG_VALUE', `${at('freq')}: flush = ${c.flush} needs freq of 1 or more`, { key: 'freq' });
  }
  const log = {
    file: c.logFile,
    format: c.format,
    group: c.group,
    flush: c.flush,
    freq: c.freq,
    maxLogFileMb: c.maxLogFileMb,
    maxLogFileAction: c.maxLogFileAction,
    numLogs: c.numLogs,
    spaceLeft: c.spaceLeft,
    spaceLeftAction: c.spaceLeftAction,
    adminSpaceLeft: c.adminSpaceLeft,
    adminSpaceLeftAction: c.adminSpaceLeftAction,
    diskFullAction: c.diskFullAction,
    diskErrorAction: c.diskErrorAction,
  };
  return {
    source: c.source,
    log,
    writeLogs: c.writeLogs,
    json: c.json,
    node: { format: c.nameFormat, name: c.name },
    endOfEventTimeoutSec: c.eoeTimeout,
    kernel: { startupState: c.startupState, receiveBufferBytes: c.receiveBufferBytes, readBatchMs: c.readBatchMs, statusIntervalSec: c.statusIntervalSec },
    enrich: { ...c.enrich },
    stateFile: c.stateFile,
    serialGapSec: c.serialGapSec,
  };
}

/**
 * The log to write once the source is known: the configured file, or auditd's
 * default path only where auspex is the audit daemon (beside a running
 * auditd that path is auditd's own file); none when write_logs = no.
 */
export function logConfigFor(config: CollectConfig, source: SourceSpec['kind']): LogConfig | undefined {
  if (!config.writeLogs) return undefined;
  const file = config.log.file ?? (source === 'unicast' ? DEFAULT_LOG_FILE : undefined);
  return file === undefined ? undefined : { ...config.log, file };
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] as number;
      prev[j] = Math.min(up + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] as number;
}
