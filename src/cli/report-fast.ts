// Feeds the main summary's fast path (report/'s SummaryScan) with the bytes
// of the input files, read in large chunks into one reused buffer. Gives up
// (returns false) on stdin, a gzip file, a file it cannot open or read, or
// whatever the scan itself will not take: the caller then streams the same
// inputs through the general path, which reports them as usual.
import { open } from 'node:fs/promises';
import type { LogInput } from './log-input.js';
import type { SummaryScan } from '../report/index.js';

const CHUNK_BYTES = 4 * 1024 * 1024;
const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

export async function feedSummaryScan(scan: SummaryScan, inputs: readonly LogInput[]): Promise<boolean> {
  if (inputs.some((i) => i.kind !== 'file')) return false;
  const buf = Buffer.allocUnsafe(CHUNK_BYTES);
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i] as LogInput;
    if (input.kind !== 'file') return false;
    let fh;
    try {
      fh = await open(input.path, 'r');
    } catch {
      return false;
    }
    try {
      scan.beginFile();
      let first = true;
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, CHUNK_BYTES, null);
        if (bytesRead === 0) break;
        if (first && buf[0] === GZIP_MAGIC_0 && buf[1] === GZIP_MAGIC_1) return false;
        first = false;
        scan.push(buf.subarray(0, bytesRead));
        if (scan.irregular) return false;
      }
    } catch {
      return false;
    } finally {
      await fh.close();
    }
    scan.endFile(i === inputs.length - 1);
    if (scan.irregular) return false;
  }
  return true;
}
