// enrich/: context added to events at collection time: names, process tree,
// container identity and audit container IDs, BPF program details, io_uring
// attribution. Host access (procfs, bpf(2), the ID registry) comes in through
// small interfaces.
export { createEnricher } from './enricher.js';
export type { EnrichHost, EnrichOptions, Enricher } from './enricher.js';
export { createLiveNames } from './live-names.js';
export { createProcSource, parseIds, parseStat } from './proc-source.js';
export type { ProcSource, StatFields } from './proc-source.js';
export { containerFromCgroup } from './container-id.js';
export type { ContainerIdentity } from './container-id.js';
export type { ContainerRuntime } from './container-patterns.table.js';
export { createBpfProbe, progTypeName } from './bpf-info.js';
export type { BpfLookup, BpfProbe, BpfProgram } from './bpf-info.js';
export { ProcessTree } from './process-tree.js';
export type { Creds, ProcessNode } from './process-tree.js';
export {
  CONTID_UNSET, EMPTY_REGISTRY, bootTicks, contidAt, contidMessage, contidOf, decideSet, hasAuditControl, parseContid, parseContidMessage, parseRegistry,
} from './contid.js';
export type { Assignment, Registry, SetDecision } from './contid.js';
