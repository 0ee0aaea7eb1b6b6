// The collector daemon's life: configuration read and checked, the source
// chosen (auto: unicast when no audit daemon owns the kernel, else
// multicast), sinks opened, DAEMON_START logged; then batches flow through
// the pipeline while a timer completes timed-out events, reports serial gaps,
// polls the kernel's lost/backlog and publishes the status file. Signals as
// auditd: SIGTERM/SIGINT stop (kernel handed back, queued records read and
// written, files flushed), SIGHUP reloads the configuration, SIGUSR1 rotates
// the log, SIGUSR2 resumes logging, SIGCONT rewrites the status file.
import { randomInt } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { formatDiagnostic } from '../format/index.js';
import { CollectError } from './collect-error.js';
import { logConfigFor, parseCollectConfig } from './config.js';
import type { CollectConfig, ConfigEnv, ConfigOverrides, LogConfig } from './config.js';
import type { SourceSpec } from './config-values.js';
import { nodeName, pollKernel, runDetached, selfIdentity, signalSender } from './daemon-host.js';
import { DaemonRecords, signalText, startText } from './daemon-records.js';
import type { DaemonRecordType } from './daemon-records.js';
import { FileSource } from './file-source.js';
import { JsonSink } from './json-sink.js';
import { LogWriter } from './log-writer.js';
import { NetlinkSource, processAlive } from './netlink-source.js';
import { Pipeline } from './pipeline.js';
import type { PipelineEnricher, PipelineSinks, PipelineStage, StoreSink } from './pipeline.js';
import { LineSink } from './line-sink.js';
import { EnrichedTail } from './enriched-tail.js';
import type { CollectSource } from './source.js';
import { StreamSource } from './stdin-source.js';
import { parseStatus } from './status.js';
import { lastSerialInLog } from './log-tail.js';
import type { CollectStatus, KernelCounters } from './status.js';
import type { FieldInterpreter } from '../interpret/index.js';

export interface CollectorHost {
  readonly stdin: Readable;
  readonly stdout: Writable;
  /** Daemon messages (auditd's syslog lines). */
  notice(message: string): void;
  readonly version: string;
  readonly configEnv: ConfigEnv;
  /** The interpreter for ENRICHED logs (host user and group names). */
  readonly interpreter: () => FieldInterpreter;
  /** Enrichment for the JSON sink, built from the configuration (undefined: none). */
  readonly enricher: (config: CollectConfig) => PipelineEnricher | undefined;
}

export interface CollectorOptions {
  /** Configuration file; undefined: defaults only. */
  readonly configPath: string | undefined;
  readonly overrides: ConfigOverrides;
  /** Optional checks of each complete event (detect/), with where their lines go: a file or - for stdout. */
  readonly stages?: { readonly list: readonly PipelineStage[]; readonly alerts: string } | undefined;
  /** The event store (--db), fed the input as it comes; closed at stop. */
  readonly store?: StoreSink | undefined;
}

/** Chooses the live source: unicast when the kernel sends to nobody (or to a dead pid). */
export function resolveSource(spec: SourceSpec, kernel: KernelCounters | undefined): Exclude<SourceSpec, { kind: 'auto' }> {
  if (spec.kind !== 'auto') return spec;
  if (kernel === undefined) throw new CollectError('E_SOURCE', 'cannot ask the kernel who its audit daemon is (not root?); give --source');
  return kernel.pid === 0 || kernel.pid === process.pid || !processAlive(kernel.pid) ? { kind: 'unicast' } : { kind: 'multicast' };
}

function readPreviousStatus(path: string): CollectStatus | undefined {
  try {
    return parseStatus(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

export class Collector {
  readonly #host: CollectorHost;
  readonly #options: CollectorOptions;
  #config: CollectConfig;
  #source: CollectSource | undefined;
  #sourceKind!: Exclude<SourceSpec['kind'], 'auto'>;
  #pipeline!: Pipeline;
  #log: LogWriter | undefined;
  #json: JsonSink | undefined;
  #jsonPath: string | undefined;
  #alerts: LineSink | undefined;
  #daemonRecords!: DaemonRecords;
  #timer: NodeJS.Timeout | undefined;
  #startedMs = 0;
  #kernel: KernelCounters | undefined;
  #lostAtStart: number | null = null;
  #overruns = 0;
  #lastCounts = { atMs: 0, records: 0, events: 0 };
  #rates = { records: 0, events: 0 };
  #lag = 0;
  #lastStatusMs = 0;
  #stopping: Promise<void> | undefined;
  #ended: () => void = () => undefined;
  readonly done: Promise<void>;

  constructor(host: CollectorHost, options: CollectorOptions) {
    this.#host = host;
    this.#options = options;
    this.#config = this.#readConfig();
    this.done = new Promise<void>((resolve) => (this.#ended = resolve));
  }

  get config(): CollectConfig {
    return this.#config;
  }

  #readConfig(): CollectConfig {
    const path = this.#options.configPath;
    let text = '';
    if (path !== undefined) {
      try {
        text = readFileSync(path, 'utf8');
      } catch (e) {
        throw new CollectError('E_CONFIG_FILE', `cannot read the configuration ${path}: ${(e as Error).message}`, { cause: e });
      }
    }
    const r = parseCollectConfig(text, path ?? '(defaults)', this.#host.configEnv, this.#options.overrides);
    for (const w of r.warnings) this.#host.notice(w);
    return r.config;
  }

  async start(): Promise<void> {
    const c = this.#config;
    const node = nodeName(c.node.format, c.node.name);
    this.#daemonRecords = new DaemonRecords(randomInt(10000), node);
    const spec = resolveSource(c.source, c.source.kind === 'file' || c.source.kind === 'stdin' ? undefined : pollKernel());
    this.#sourceKind = spec.kind;
    const previous = readPreviousStatus(c.stateFile);
    if (previous?.running === true && previous.pid !== process.pid && processAlive(previous.pid)) {
      throw new CollectError('E_SOURCE', `another auspex collect (pid ${previous.pid}) publishes to ${c.stateFile}`);
    }
    this.#openSinks(logConfigFor(c, spec.kind), c.json);
    this.#pipeline = new Pipeline(this.#sinks(), {
      sourceName: spec.kind === 'file' ? spec.path : spec.kind,
      endOfEventTimeoutSec: c.endOfEventTimeoutSec,
      serialGapSec: c.serialGapSec,
      enricher: this.#json === undefined ? undefined : this.#host.enricher(c),
      stages: this.#options.stages?.list,
      onGap: (g) => this.#host.notice(`serials ${g.from}..${g.to}${g.node === undefined ? '' : ` of node ${g.node}`} missing: ${g.to - g.from + 1} events the kernel numbered never arrived`),
      onDiagnostic: (d) => this.#host.notice(`bad input: ${formatDiagnostic(d)}`),
      nowMs: () => Date.now(),
    });
    // A restart goes on counting from the last serial written before it: the
    // log's own last record when there is a log (the status file may be a
    // second old after a crash), else the status file's.
    if (spec.kind === 'unicast' || spec.kind === 'multicast') {
      const logFile = logConfigFor(c, spec.kind)?.file;
      const last = (logFile === undefined ? undefined : lastSerialInLog(logFile)) ?? (previous?.source === spec.kind ? previous.lastSerial ?? undefined : undefined);
      if (last !== undefined) this.#pipeline.serials.expect(node, last + 1);
    }
    const source = this.#makeSource(spec, node, previous);
    this.#source = source;
    this.#startedMs = Date.now();
    await source.start({
      batch: (bytes, info) => {
        this.#overruns += info.overruns;
        this.#pipeline.push(bytes);
      },
      end: () => void this.stop(),
      error: (e) => {
        this.#host.notice(`source failed: ${e.message}`);
        void this.stop();
      },
    });
    if (this.#stopping !== undefined) return; // stopped while starting
    if (this.#source instanceof NetlinkSource) {
      const at = this.#source.statusAtStart;
      this.#lostAtStart = at?.lost ?? null;
      if (at !== undefined && at.lost > 0) this.#host.notice(`the kernel reports ${at.lost} records lost before this start`);
    }
    this.#kernel = this.#isNetlink() ? pollKernel() : undefined;
    const me = selfIdentity();
    this.#daemonRecord('DAEMON_START', startText({ version: this.#host.version, format: this.#log === undefined ? 'nolog' : (logConfigFor(c, spec.kind)?.format ?? 'raw'), ...me }));
    this.#lastCounts = { atMs: this.#startedMs, records: 0, events: 0 };
    this.#timer = setInterval(() => this.#tick(), 250);
    this.#publish();
  }

  #isNetlink(): boolean {
    return this.#sourceKind === 'unicast' || this.#sourceKind === 'multicast';
  }

  #makeSource(spec: Exclude<SourceSpec, { kind: 'auto' }>, node: string | undefined, previous: CollectStatus | undefined): CollectSource {
    const c = this.#config;
    switch (spec.kind) {
      case 'multicast':
      case 'unicast':
        return new NetlinkSource({ mode: spec.kind, receiveBufferBytes: c.kernel.receiveBufferBytes, readBatchMs: c.kernel.readBatchMs, node, startupState: c.kernel.startupState });
      case 'stdin':
        return new StreamSource(this.#host.stdin);
      case 'file': {
        const resume = previous?.filePosition ?? undefined;
        return new FileSource(resume !== undefined && resume.path === spec.path ? { path: spec.path, resume } : { path: spec.path });
      }
      default: {
        const never: never = spec;
        throw new Error(`unknown source ${JSON.stringify(never)}`);
      }
    }
  }

  #openSinks(log: LogConfig | undefined, json: string | undefined): void {
    if (log !== undefined) {
      this.#log = new LogWriter(log, {
        notice: (m) => this.#host.notice(m),
        exec: (path) => runDetached(path),
        changeRunlevel: (level) => runDetached('/sbin/init', [level]),
      });
      try {
        this.#log.open();
      } catch (e) {
        throw new CollectError('E_SINK', `cannot open the log ${log.file}: ${(e as Error).message}`, { cause: e });
      }
    }
    if (json !== undefined) this.#openJson(json);
    const alerts = this.#options.stages?.alerts;
    if (alerts !== undefined && this.#alerts === undefined) {
      try {
        this.#alerts = alerts === '-' ? LineSink.toStream(this.#host.stdout) : LineSink.toFile(alerts);
      } catch (e) {
        throw new CollectError('E_SINK', `cannot open the alert output ${alerts}: ${(e as Error).message}`, { cause: e });
      }
    }
  }

  #openJson(path: string): void {
    try {
      this.#json = path === '-' ? JsonSink.toStream(this.#host.stdout) : JsonSink.toFile(path);
      this.#jsonPath = path;
    } catch (e) {
      throw new CollectError('E_SINK', `cannot open the JSON output ${path}: ${(e as Error).message}`, { cause: e });
    }
  }

  #sinks(): PipelineSinks {
    const log = this.#log;
    const enriched = log !== undefined && logConfigFor(this.#config, this.#sourceKind)?.format === 'enriched';
    return { log, tail: enriched ? new EnrichedTail(this.#host.interpreter()) : undefined, json: this.#json, alerts: this.#alerts, store: this.#options.store };
  }

  #daemonRecord(type: DaemonRecordType, text: string): void {
    this.#pipeline.pushLine(this.#daemonRecords.line(type, text, Date.now()));
  }

  #sender(): ReturnType<typeof signalSender> {
    return this.#sourceKind === 'unicast' ? signalSender() : undefined;
  }

  /** SIGUSR1: rotate, then log DAEMON_ROTATE into the new file (as auditd). */
  rotate(): void {
    this.#pipeline.commit();
    this.#log?.rotateNow();
    this.#daemonRecord('DAEMON_ROTATE', signalText('rotate-logs', this.#sender(), 'success'));
  }

  /** SIGUSR2: resume logging after a suspend. */
  resume(): void {
    this.#log?.resume();
    this.#daemonRecord('DAEMON_RESUME', signalText('resume-logging', this.#sender(), 'success'));
  }

  /** SIGHUP: reread the configuration; a bad one changes nothing. */
  reload(): void {
    const sender = this.#sender();
    let next: CollectConfig;
    try {
      next = this.#readConfig();
    } catch (e) {
      this.#host.notice(`reconfigure failed, configuration unchanged: ${(e as Error).message}`);
      this.#daemonRecord('DAEMON_CONFIG', signalText('reconfigure state=no-change', sender, 'failed'));
      return;
    }
    const log = logConfigFor(next, this.#sourceKind);
    this.#pipeline.commit();
    if (log === undefined) {
      this.#log?.close();
      this.#log = undefined;
    } else if (this.#log === undefined) {
      this.#openSinks(log, undefined);
    } else {
      this.#log.reconfigure(log);
    }
    if (next.json !== this.#jsonPath) {
      this.#json?.close();
      this.#json = undefined;
      this.#jsonPath = undefined;
      if (next.json !== undefined) this.#openJson(next.json);
    }
    if (next.source.kind !== this.#config.source.kind) this.#host.notice('source changes take effect at the next start');
    this.#config = next;
    this.#pipeline.setSinks(this.#sinks());
    this.#daemonRecord('DAEMON_CONFIG', signalText('reconfigure state=changed', sender, 'success'));
  }

  /** SIGTERM: hand the kernel back, write what it had queued for us, flush, close. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      if (this.#timer !== undefined) clearInterval(this.#timer);
      if (this.#source === undefined) {
        // A signal before the source started: nothing was read or written yet.
        this.#ended();
        return;
      }
      await this.#source.stop();
      this.#pipeline.end();
      this.#daemonRecord('DAEMON_END', signalText('terminate', this.#sender(), 'success'));
      this.#log?.close();
      this.#json?.close();
      this.#alerts?.close();
      await this.#options.store?.close();
      this.#publish(false);
      this.#ended();
    })();
    return this.#stopping;
  }

  #tick(): void {
    this.#pipeline.tick();
    const now = Date.now();
    if (now - this.#lastStatusMs >= this.#config.kernel.statusIntervalSec * 1000) this.#publish();
  }

  /** Rates, the kernel's counters, and the status file. */
  #publish(running = true): void {
    const now = Date.now();
    this.#lastStatusMs = now;
    const counters = this.#pipeline.counters;
    const dt = (now - this.#lastCounts.atMs) / 1000;
    if (dt > 0) {
      this.#rates = { records: (counters.records - this.#lastCounts.records) / dt, events: (counters.events - this.#lastCounts.events) / dt };
      this.#lastCounts = { atMs: now, records: counters.records, events: counters.events };
    }
    this.#lag = this.#pipeline.takeLag();
    if (this.#isNetlink()) {
      const before = this.#kernel?.lost;
      this.#kernel = pollKernel() ?? this.#kernel;
      const after = this.#kernel?.lost;
      if (before !== undefined && after !== undefined && after > before) this.#host.notice(`the kernel lost ${after - before} records (lost ${after} in all)`);
    }
    writeStatusFile(this.#config.stateFile, this.status(running));
  }

  status(running = true): CollectStatus {
    const counters = this.#pipeline.counters;
    const serials = this.#pipeline.serials.totals;
    const log = this.#log?.totals;
    return {
      version: 1,
      pid: process.pid,
      running,
      source: this.#sourceKind,
      startedMs: this.#startedMs,
      updatedMs: Date.now(),
      records: counters.records,
      events: counters.events,
      recordsPerSec: this.#rates.records,
      eventsPerSec: this.#rates.events,
      lagMs: Math.max(0, this.#lag),
      kernel: this.#kernel ?? null,
      kernelLostSinceStart: this.#kernel === undefined || this.#lostAtStart === null ? 0 : Math.max(0, this.#kernel.lost - this.#lostAtStart),
      kernelLostAtStart: this.#lostAtStart,
      overruns: this.#overruns,
      serialGaps: serials.gaps,
      missingSerials: serials.missing,
      lateSerials: serials.late,
      lastSerial: serials.lastSerial ?? null,
      badLines: counters.badLines,
      log: this.#log === undefined || log === undefined ? null : { path: this.#log.path, ...log },
      json: this.#json === undefined || this.#jsonPath === undefined ? null : { path: this.#jsonPath, events: this.#json.events },
      filePosition: this.#source instanceof FileSource ? (this.#source.position ?? null) : null,
    };
  }
}

export function writeStatusFile(path: string, status: CollectStatus): void {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(status)}\n`, { mode: 0o644 });
    renameSync(tmp, path);
  } catch {
    // The status file is a convenience; collection goes on without it.
  }
}
