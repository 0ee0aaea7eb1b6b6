// Micro-benchmark of the ausearch -i record formatter: every record of the
// corpus logs (parsed by format/ into real AuditRecords) formatted into one
// reused output buffer, repeated; prints the best of several runs (CPU time)
// per record and per field, per log. Not a test: run it by hand after a build.
//
//   node dist/bench/interpret/format-record.bench.js
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isHeaderProblem, parseRecordBytes, type AuditRecord } from '../../src/format/index.js';
import { OutputBuffer, createFileProtocolDb, createFileUserDb, createInterpretedFormatter } from '../../src/interpret/index.js';

const corpus = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'shared', 'corpus');
const read = (p: string): string | undefined => {
  try {
    return readFileSync(p, 'latin1');
  } catch {
    return undefined;
  }
};

function records(file: string): AuditRecord[] {
  const buf = readFileSync(file);
  const out: AuditRecord[] = [];
  let start = 0;
  let n = 0;
  while (start < buf.length) {
    let nl = buf.indexOf(10, start);
    if (nl < 0) nl = buf.length;
    // Records point into the one buffer, as records of a read chunk do.
    const r = parseRecordBytes(buf, start, nl, file, ++n);
    if (!isHeaderProblem(r)) out.push(r);
    start = nl + 1;
  }
  return out;
}

for (const name of ['raw', 'enriched']) {
  const recs = records(join(corpus, `${name}.log`));
  const fields = recs.reduce((a, r) => a + r.text.split('=').length - 1, 0);
  const f = createInterpretedFormatter({ users: createFileUserDb(read), protocols: createFileProtocolDb(read) });
  const out = new OutputBuffer(1 << 20);
  const rounds = Math.ceil(100000 / recs.length);
  let best = Infinity;
  for (let trial = 0; trial < 15; trial++) {
    const t0 = process.cpuUsage();
    for (let i = 0; i < rounds; i++) {
      for (const r of recs) {
        f.formatRecordInto(r, r, out);
        if (out.len > 1 << 19) out.clear();
      }
    }
    const used = process.cpuUsage(t0);
    best = Math.min(best, ((used.user + used.system) * 1000) / (rounds * recs.length));
  }
  process.stdout.write(`${name}.log: ${best.toFixed(0)} ns/record, ${((best * recs.length) / fields).toFixed(0)} ns/field (${recs.length} records, ${fields} fields, best of 15, CPU time)\n`);
}
