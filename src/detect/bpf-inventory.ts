// The BPF program inventory: every program the logs saw loaded or unloaded
// (BPF records, report/'s BpfAggregator: loader from the LOAD event's SYSCALL,
// load and unload times), joined, when asked, with the programs the kernel
// holds now (id, name, type, tag, load time, loading uid). A program the
// kernel holds whose LOAD the logs never saw was loaded while audit was off,
// before the logs begin, or without a rule auditing bpf(): it is called out.
import { BpfAggregator } from '../report/index.js';
import type { BpfLogProgram, BpfMoment } from '../report/index.js';
import type { AuditEvent } from '../events/index.js';

export interface LiveBpfProgram {
  readonly id: number;
  readonly name: string;
  readonly type: string;
  readonly tag: string;
  readonly loadTime: string;
  readonly uid: number;
}

export interface InventoryLoader {
  readonly exe: string | null;
  readonly comm: string | null;
  readonly pid: number | null;
  readonly uid: number | null;
  readonly auid: number | null;
}

export interface InventoryEntry {
  readonly id: number;
  readonly name: string | null;
  readonly type: string | null;
  readonly tag: string | null;
  readonly loader: InventoryLoader | null;
  /** When the log saw the LOAD (null: loaded before the log begins). */
  readonly loadedAt: string | null;
  readonly unloadedAt: string | null;
  /** Loaded in the log and not unloaded by its end. */
  readonly stillLoadedInLog: boolean;
  /** The kernel holds it now (null: not asked). */
  readonly live: boolean | null;
  readonly liveLoadTime: string | null;
  readonly liveUid: number | null;
  /** No LOAD record in the logs for a program the kernel holds. */
  readonly noLoadRecord: boolean;
}

export interface BpfInventory {
  readonly programs: readonly InventoryEntry[];
  readonly loads: number;
  readonly unloads: number;
  readonly stillLoadedInLog: number;
  /** Programs the kernel holds with no LOAD record in the logs (null: not asked). */
  readonly loadedWithoutRecord: number | null;
}

function stamp(m: BpfMoment | undefined): string | null {
  return m === undefined ? null : new Date(m.sec * 1000 + m.milli).toISOString();
}

function loaderOf(p: BpfLogProgram): InventoryLoader | null {
  const t = p.load?.task;
  if (t === undefined) return null;
  return { exe: t.exe ?? null, comm: t.comm ?? null, pid: t.pid ?? null, uid: t.uid ?? null, auid: t.auid ?? null };
}

export class BpfInventoryBuilder {
  readonly #aggregator = new BpfAggregator();

  add(event: AuditEvent): void {
    this.#aggregator.add(event);
  }

  /** The inventory; `live` is the kernel's programs now, when asked for. */
  inventory(live?: readonly LiveBpfProgram[]): BpfInventory {
    const model = this.#aggregator.model();
    const liveById = new Map((live ?? []).map((p) => [p.id, p]));
    // The log entry an id's live program can be: the last one for the id, if still loaded there.
    const last = new Map<number, BpfLogProgram>();
    for (const p of model.programs) last.set(p.id, p);
    const matched = new Set<number>();
    const programs: InventoryEntry[] = model.programs.map((p) => {
      const candidate = last.get(p.id) === p && p.unload === undefined ? liveById.get(p.id) : undefined;
      if (candidate !== undefined) matched.add(p.id);
      return {
        id: p.id,
        name: candidate?.name ?? null,
        type: candidate?.type ?? null,
        tag: candidate?.tag ?? null,
        loader: loaderOf(p),
        loadedAt: stamp(p.load),
        unloadedAt: stamp(p.unload),
        stillLoadedInLog: p.load !== undefined && p.unload === undefined,
        live: live === undefined ? null : candidate !== undefined,
        liveLoadTime: candidate?.loadTime ?? null,
        liveUid: candidate?.uid ?? null,
        noLoadRecord: candidate !== undefined && p.load === undefined,
      };
    });
    for (const l of live ?? []) {
      if (matched.has(l.id)) continue;
      programs.push({
        id: l.id, name: l.name, type: l.type, tag: l.tag, loader: null, loadedAt: null, unloadedAt: null, stillLoadedInLog: false,
        live: true, liveLoadTime: l.loadTime, liveUid: l.uid, noLoadRecord: true,
      });
    }
    return {
      programs,
      loads: model.loads,
      unloads: model.unloads,
      stillLoadedInLog: model.stillLoaded,
      loadedWithoutRecord: live === undefined ? null : programs.filter((p) => p.noLoadRecord).length,
    };
  }
}
