// The BPF programs the kernel holds now: ids walked with
// bpf(BPF_PROG_GET_NEXT_ID), each described through enrich/'s probe
// (BPF_PROG_GET_FD_BY_ID + BPF_OBJ_GET_INFO_BY_FD). Needs CAP_SYS_ADMIN or
// CAP_BPF; a program freed between the two calls is skipped.
import { readFileSync } from 'node:fs';
import { createBpfProbe } from '../enrich/index.js';
import { libc } from '../kernel/index.js';
import type { LiveBpfProgram } from '../detect/index.js';

const BPF_PROG_GET_NEXT_ID = 11;
const ATTR_SIZE = 128;
const MAX_PROGRAMS = 1 << 20;

/** The kernel's programs, or an error message (no permission, no bpf()). */
export function liveBpfPrograms(): LiveBpfProgram[] | { error: string } {
  const c = libc();
  const probe = createBpfProbe(() => {
    try {
      return readFileSync('/proc/uptime', 'utf8');
    } catch {
      return undefined;
    }
  });
  const out: LiveBpfProgram[] = [];
  let id = 0;
  for (let n = 0; n < MAX_PROGRAMS; n++) {
    const attr = Buffer.alloc(ATTR_SIZE);
    attr.writeUInt32LE(id, 0);
    if (c.bpf(BPF_PROG_GET_NEXT_ID, attr) < 0) {
      const errno = c.errno();
      if (errno === 2) break; // ENOENT: no more programs
      return { error: `bpf(BPF_PROG_GET_NEXT_ID): errno ${errno}${errno === 1 ? ' (needs CAP_SYS_ADMIN or CAP_BPF)' : ''}` };
    }
    id = attr.readUInt32LE(4);
    const found = probe.lookup(id);
    if (found.kind === 'found') {
      const p = found.program;
      out.push({ id: p.id, name: p.name, type: p.type, tag: p.tag, loadTime: p.loadTime, uid: p.uid });
    }
  }
  return out;
}
