// enrich/: context added to events at collection time: names, process tree,
// container identity, BPF program details, io_uring attribution.
export { createEnricher } from './enricher.js';
export type { EnrichHost, EnrichOptions, Enricher } from './enricher.js';
export { createLiveNames } from './live-names.js';
