// The main summary (aureport --summary, or no report at all): counts over the
// events (do_summary_total) and the time range of the log, printed as
// aureport 3.0.9 prints them (do_summary_output).
import type { EventItems, ReportFacts } from './facts.js';
import type { Presenter } from './presenter.js';
import { C, CONFIG_BITS, classesOf } from './type-classes.js';

export interface SummaryCounts {
  readonly changes: number;
  readonly accountChanges: number;
  readonly logins: number;
  readonly failedLogins: number;
  readonly authentications: number;
  readonly failedAuthentications: number;
  readonly users: number;
  readonly terminals: number;
  readonly hosts: number;
  readonly executables: number;
  readonly commands: number;
  readonly files: number;
  readonly avcs: number;
  readonly macEvents: number;
  readonly failedSyscalls: number;
  readonly anomalies: number;
  readonly responses: number;
  readonly crypto: number;
  readonly integrity: number;
  readonly virt: number;
  readonly keys: number;
  readonly pids: number;
  readonly events: number;
}

/** A time stamp as aureport keeps it (sec 0 = none seen). */
export interface Stamp {
  readonly sec: number;
  readonly milli: number;
}

export interface SummaryModel {
  /** aureport's very_first_event: the first record read (see ReportTimes). */
  readonly first: Stamp;
  /** aureport's very_last_event: the last event of the last file read. */
  readonly last: Stamp;
  /** -ts / -te (0 = not given). */
  readonly startSec: number;
  readonly endSec: number;
  readonly counts: SummaryCounts;
}

/** A SummaryAggregator's counts and distinct values, structured-clone safe. */
export interface SummaryState {
  readonly numbers: readonly number[];
  readonly users: readonly number[];
  readonly terminals: readonly string[];
  readonly hosts: readonly string[];
  readonly exes: readonly string[];
  readonly comms: readonly string[];
  readonly files: readonly string[];
  readonly keys: readonly string[];
  readonly pids: readonly number[];
}

export class SummaryAggregator {
  #changes = 0;
  #accountChanges = 0;
  #logins = 0;
  #failedLogins = 0;
  #auth = 0;
  #failedAuth = 0;
  readonly #users = new Set<number>();
  readonly #terminals = new Set<string>();
  readonly #hosts = new Set<string>();
  readonly #exes = new Set<string>();
  readonly #comms = new Set<string>();
  readonly #files = new Set<string>();
  readonly #keys = new Set<string>();
  readonly #pids = new Set<number>();
  #avcs = 0;
  #mac = 0;
  #failedSyscalls = 0;
  #anomalies = 0;
  #responses = 0;
  #crypto = 0;
  #integrity = 0;
  #virt = 0;
  #events = 0;

  add(f: ReportFacts): void {
    let bits = 0;
    for (const t of f.types) bits |= classesOf(t);
    this.addItems(bits, f.items);
  }

  /** One event given by the OR of its records' type classes and its items (do_summary_total). */
  addItems(bits: number, s: EventItems): void {
    this.#events++;
    for (const b of CONFIG_BITS) if ((bits & b) !== 0) this.#changes++;
    if ((bits & C.MAC) !== 0) this.#changes++;
    if ((bits & C.USER_CHAUTHTOK) !== 0) this.#accountChanges++;
    if ((bits & C.ACCOUNT) !== 0) this.#accountChanges++;
    if ((bits & C.USER_MGMT) !== 0) this.#accountChanges++;
    if ((bits & C.GRP_MGMT) !== 0) this.#accountChanges++;
    if ((bits & C.ROLE) !== 0) this.#accountChanges++;
    if ((bits & C.KERN_CRYPTO) !== 0) this.#crypto++;
    if ((bits & C.CRYPTO) !== 0) this.#crypto++;
    if ((bits & C.USER_LOGIN) !== 0) {
      if (s.success === 1) this.#logins++;
      else if (s.success === 0) this.#failedLogins++;
    }
    if ((bits & C.USER_AUTH) !== 0 || ((bits & C.USER_MGMT) === 0 && (bits & C.GRP_AUTH) !== 0)) {
      if (s.success === 1) this.#auth++;
      else if (s.success === 0) this.#failedAuth++;
    } else if ((bits & C.USER_MGMT) !== 0 && s.success === 0) this.#failedAuth++;
    if (s.loginuid >>> 0 !== 0xfffffffe) this.#users.add(s.loginuid | 0);
    if (s.terminal !== null) this.#terminals.add(s.terminal);
    if (s.hostname !== null) this.#hosts.add(s.hostname);
    if (s.exe !== null) this.#exes.add(s.exe);
    if (s.comm !== null) this.#comms.add(s.comm);
    if (s.filenames !== null) for (const name of s.filenames) this.#files.add(name);
    if ((bits & (C.AVC | C.USER_AVC)) !== 0) this.#avcs++;
    if ((bits & C.MAC) !== 0) this.#mac++;
    if ((bits & C.USER_LSPP) !== 0) this.#mac++;
    if ((bits & C.VIRT) !== 0) this.#virt++;
    if ((bits & C.INTEGRITY) !== 0) this.#integrity++;
    if (s.success === 0 && s.syscall > 0) this.#failedSyscalls++;
    if (s.pid !== -1) this.#pids.add(s.pid);
    if ((bits & C.ANOM) !== 0) this.#anomalies++;
    if ((bits & C.KERN_ANOM) !== 0) this.#anomalies++;
    if ((bits & C.ANOM_RESP) !== 0) this.#responses++;
    if (s.keys !== null) for (const k of s.keys) if (k !== '(null)') this.#keys.add(k);
  }

  /** Everything counted so far, as plain data another aggregator can absorb (parallel scans). */
  state(): SummaryState {
    return {
      numbers: [this.#changes, this.#accountChanges, this.#logins, this.#failedLogins, this.#auth, this.#failedAuth, this.#avcs, this.#mac,
        this.#failedSyscalls, this.#anomalies, this.#responses, this.#crypto, this.#integrity, this.#virt, this.#events],
      users: [...this.#users], terminals: [...this.#terminals], hosts: [...this.#hosts], exes: [...this.#exes],
      comms: [...this.#comms], files: [...this.#files], keys: [...this.#keys], pids: [...this.#pids],
    };
  }

  /** Adds another aggregator's state: counts add up, distinct values unite. */
  absorb(o: SummaryState): void {
    const n = o.numbers;
    const at = (i: number): number => n[i] ?? 0;
    this.#changes += at(0);
    this.#accountChanges += at(1);
    this.#logins += at(2);
    this.#failedLogins += at(3);
    this.#auth += at(4);
    this.#failedAuth += at(5);
    this.#avcs += at(6);
    this.#mac += at(7);
    this.#failedSyscalls += at(8);
    this.#anomalies += at(9);
    this.#responses += at(10);
    this.#crypto += at(11);
    this.#integrity += at(12);
    this.#virt += at(13);
    this.#events += at(14);
    for (const v of o.users) this.#users.add(v);
    for (const v of o.terminals) this.#terminals.add(v);
    for (const v of o.hosts) this.#hosts.add(v);
    for (const v of o.exes) this.#exes.add(v);
    for (const v of o.comms) this.#comms.add(v);
    for (const v of o.files) this.#files.add(v);
    for (const v of o.keys) this.#keys.add(v);
    for (const v of o.pids) this.#pids.add(v);
  }

  counts(): SummaryCounts {
    return {
      changes: this.#changes,
      accountChanges: this.#accountChanges,
      logins: this.#logins,
      failedLogins: this.#failedLogins,
      authentications: this.#auth,
      failedAuthentications: this.#failedAuth,
      users: this.#users.size,
      terminals: this.#terminals.size,
      hosts: this.#hosts.size,
      executables: this.#exes.size,
      commands: this.#comms.size,
      files: this.#files.size,
      avcs: this.#avcs,
      macEvents: this.#mac,
      failedSyscalls: this.#failedSyscalls,
      anomalies: this.#anomalies,
      responses: this.#responses,
      crypto: this.#crypto,
      integrity: this.#integrity,
      virt: this.#virt,
      keys: this.#keys.size,
      pids: this.#pids.size,
      events: this.#events,
    };
  }
}

const milli3 = (m: number): string => String(m).padStart(3, '0');

/** do_summary_output (after the title). */
export function formatSummary(m: SummaryModel, p: Presenter): string {
  const c = m.counts;
  const start = m.startSec !== 0 ? m.startSec : m.first.sec;
  const end = m.endSec !== 0 ? p.date(m.endSec) : `${p.date(m.last.sec)}.${milli3(m.last.milli)}`;
  return `Range of time in logs: ${p.date(m.first.sec)}.${milli3(m.first.milli)} - ${p.date(m.last.sec)}.${milli3(m.last.milli)}\n` +
    `Selected time for report: ${p.date(start)} - ${end}\n` +
    `Number of changes in configuration: ${c.changes}\n` +
    `Number of changes to accounts, groups, or roles: ${c.accountChanges}\n` +
    `Number of logins: ${c.logins}\n` +
    `Number of failed logins: ${c.failedLogins}\n` +
    `Number of authentications: ${c.authentications}\n` +
    `Number of failed authentications: ${c.failedAuthentications}\n` +
    `Number of users: ${c.users}\n` +
    `Number of terminals: ${c.terminals}\n` +
    `Number of host names: ${c.hosts}\n` +
    `Number of executables: ${c.executables}\n` +
    `Number of commands: ${c.commands}\n` +
    `Number of files: ${c.files}\n` +
    `Number of AVC's: ${c.avcs}\n` +
    `Number of MAC events: ${c.macEvents}\n` +
    `Number of failed syscalls: ${c.failedSyscalls}\n` +
    `Number of anomaly events: ${c.anomalies}\n` +
    `Number of responses to anomaly events: ${c.responses}\n` +
    `Number of crypto events: ${c.crypto}\n` +
    `Number of integrity events: ${c.integrity}\n` +
    `Number of virt events: ${c.virt}\n` +
    `Number of keys: ${c.keys}\n` +
    `Number of process IDs: ${c.pids}\n` +
    `Number of events: ${c.events}\n\n`;
}
