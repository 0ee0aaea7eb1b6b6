// The -i record formatter over a large log, apart from the rest of `search`:
// the log is read and its records parsed (format/), once without and once
// with every record formatted into a reused output buffer; the difference is
// the formatter's time, garbage collection included. Times are the process's
// CPU time (user + system), steadier than wall time on a busy machine; best
// of several passes. Not a test: run it by hand after a build.
//
//   TZ=UTC node dist/bench/interpret/format-log.bench.js [--log bench/out/bench-raw-200mb.log] [--passes 3]
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { RecordReader, type AuditRecord } from '../../src/format/index.js';
import { OutputBuffer, createFileProtocolDb, createFileUserDb, createInterpretedFormatter } from '../../src/interpret/index.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const { values } = parseArgs({
  options: {
    log: { type: 'string', default: join(repo, 'bench', 'out', 'bench-raw-200mb.log') },
    passes: { type: 'string', default: '3' },
  },
});
const read = (p: string): string | undefined => {
  try {
    return readFileSync(p, 'latin1');
  } catch {
    return undefined;
  }
};

/** Reads the whole log through a RecordReader; `onRecord` sees every record. Returns seconds and records. */
function pass(onRecord: (r: AuditRecord) => void): { seconds: number; records: number } {
  let records = 0;
  const reader = new RecordReader({
    file: values.log,
    onRecord: (r) => {
      records++;
      onRecord(r);
    },
    onDiagnostic: () => {},
  });
  const fd = openSync(values.log, 'r');
  const t0 = process.cpuUsage();
  for (;;) {
    // A fresh chunk per read, as a file stream gives: records point into it.
    const chunk = Buffer.allocUnsafe(1 << 20);
    const n = readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) break;
    reader.push(chunk.subarray(0, n));
  }
  reader.end();
  const used = process.cpuUsage(t0);
  const seconds = (used.user + used.system) / 1e6;
  closeSync(fd);
  return { seconds, records };
}

const f = createInterpretedFormatter({ users: createFileUserDb(read), protocols: createFileProtocolDb(read) });
const out = new OutputBuffer(1 << 20);
let parseOnly = Infinity;
let withFormat = Infinity;
let records = 0;
for (let i = 0; i < Number(values.passes); i++) {
  parseOnly = Math.min(parseOnly, pass(() => {}).seconds);
  const p = pass((r) => {
    f.formatRecordInto(r, r, out);
    if (out.len > 1 << 19) out.clear();
  });
  withFormat = Math.min(withFormat, p.seconds);
  records = p.records;
}
const formatter = withFormat - parseOnly;
process.stdout.write(
  `${values.log.split('/').pop()}: ${records} records; read+parse ${parseOnly.toFixed(2)} s, with -i formatting ${withFormat.toFixed(2)} s: ` +
    `formatter ${formatter.toFixed(2)} s, ${((formatter * 1e9) / records).toFixed(0)} ns/record (best of ${values.passes})\n`,
);
