// A BPF program's details, asked of the kernel the moment its LOAD record is
// read (the program may be unloaded a moment later): bpf(BPF_PROG_GET_FD_BY_ID)
// then bpf(BPF_OBJ_GET_INFO_BY_FD) through kernel/'s libc — name, type, tag, map ids,
// load time and the loading uid. Needs CAP_SYS_ADMIN (or CAP_BPF); a program
// already gone gives `gone`, never a throw.
import { libc } from '../kernel/index.js';
import { BPF_PROG_INFO, BPF_PROG_TYPES } from './bpf-types.gen.js';

export interface BpfProgram {
  readonly id: number;
  readonly name: string;
  readonly type: string;
  /** The program's tag (hash of its instructions), hex as bpftool prints it. */
  readonly tag: string;
  readonly mapIds: readonly number[];
  /** Wall-clock load time (from the kernel's boot-time nanoseconds). */
  readonly loadTime: string;
  readonly uid: number;
}

export type BpfLookup = { readonly kind: 'found'; readonly program: BpfProgram } | { readonly kind: 'gone'; readonly errno: number };

export interface BpfProbe {
  lookup(progId: number): BpfLookup;
}

const BPF_PROG_GET_FD_BY_ID = 13;
const BPF_OBJ_GET_INFO_BY_FD = 15;
const ATTR_SIZE = 128;

export function progTypeName(type: number): string {
  return BPF_PROG_TYPES[type] ?? `unknown(${type})`;
}

/** Boot time in wall-clock milliseconds, from /proc/uptime (CLOCK_BOOTTIME, as load_time). */
export function bootTimeMs(readUptime: () => string | undefined, nowMs: number): number | undefined {
  const up = Number((readUptime() ?? '').split(' ')[0]);
  return Number.isFinite(up) && up > 0 ? nowMs - up * 1000 : undefined;
}

export function createBpfProbe(readUptime: () => string | undefined): BpfProbe {
  const c = libc();

  const info = (fd: number, buf: Buffer): boolean => {
    const attr = Buffer.alloc(ATTR_SIZE);
    attr.writeUInt32LE(fd, 0);
    attr.writeUInt32LE(buf.length, 4);
    attr.writeBigUInt64LE(c.address(buf), 8);
    return c.bpf(BPF_OBJ_GET_INFO_BY_FD, attr) === 0;
  };

  return {
    lookup(progId) {
      const attr = Buffer.alloc(ATTR_SIZE);
      attr.writeUInt32LE(progId, 0);
      const fd = c.bpf(BPF_PROG_GET_FD_BY_ID, attr);
      if (fd < 0) return { kind: 'gone', errno: c.errno() };
      try {
        const first = Buffer.alloc(BPF_PROG_INFO.size);
        if (!info(fd, first)) return { kind: 'gone', errno: c.errno() };
        const nMaps = first.readUInt32LE(BPF_PROG_INFO.nr_map_ids);
        let mapIds: number[] = [];
        if (nMaps > 0) {
          // Again with room for the map ids: the kernel fills what map_ids points to.
          const second = Buffer.alloc(BPF_PROG_INFO.size);
          const ids = Buffer.alloc(nMaps * 4);
          second.writeUInt32LE(nMaps, BPF_PROG_INFO.nr_map_ids);
          second.writeBigUInt64LE(c.address(ids), BPF_PROG_INFO.map_ids);
          if (info(fd, second)) mapIds = Array.from({ length: Math.min(nMaps, second.readUInt32LE(BPF_PROG_INFO.nr_map_ids)) }, (_, i) => ids.readUInt32LE(i * 4));
        }
        const nameBytes = first.subarray(BPF_PROG_INFO.name, BPF_PROG_INFO.name + 16);
        const nul = nameBytes.indexOf(0);
        const boot = bootTimeMs(readUptime, Date.now());
        const loadNs = first.readBigUInt64LE(BPF_PROG_INFO.load_time);
        return {
          kind: 'found',
          program: {
            id: first.readUInt32LE(BPF_PROG_INFO.id),
            name: nameBytes.toString('latin1', 0, nul < 0 ? 16 : nul),
            type: progTypeName(first.readUInt32LE(BPF_PROG_INFO.type)),
            tag: first.subarray(BPF_PROG_INFO.tag, BPF_PROG_INFO.tag + 8).toString('hex'),
            mapIds,
            loadTime: boot === undefined ? '' : new Date(boot + Number(loadNs / 1000000n)).toISOString(),
            uid: first.readUInt32LE(BPF_PROG_INFO.created_by_uid),
          },
        };
      } finally {
        c.close(fd);
      }
    },
  };
}
