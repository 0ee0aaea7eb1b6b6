// Builds a large benchmark log by repeating a real corpus log: each copy's
// timestamps move on by the corpus's span (plus a second) and its serials by
// the corpus's serial range, so events stay distinct and in time order, as a
// long-running auditd would have written them. Values that differ from one
// run of a workload to the next in a real log — pids, syscall argument
// pointers, inodes — are varied per copy too, so that caches keyed on exact
// record bytes cannot make the benchmark faster than a real log would be.
import { createWriteStream, readFileSync } from 'node:fs';
import { once } from 'node:events';

const HEADER = /msg=audit\((\d+)\.(\d{3}):(\d+)\)/;
const PIDS = /\b(pid|ppid)=(\d+)/g;
const ARGS = /\b(a[0-3])=([0-9a-f]+)\b/g;
const INODES = /\binode=(\d+)/g;

function vary(body: string, copy: number): string {
  if (copy === 0) return body;
  const mask = Math.imul(copy, 2654435761) >>> 0;
  return body
    .replace(PIDS, (_m, name: string, pid: string) => `${name}=${((Number(pid) + copy * 7919) % 4_000_000) + 1}`)
    .replace(ARGS, (_m, name: string, hex: string) => {
      if (hex.length < 4) return `${name}=${hex}`; // small numbers (fds, flags) repeat in real logs
      const tail = hex.slice(-8);
      const mixed = ((parseInt(tail, 16) ^ mask) >>> 0).toString(16).padStart(tail.length, '0').slice(-tail.length);
      return `${name}=${hex.slice(0, -8)}${mixed}`;
    })
    .replace(INODES, (_m, inode: string) => `inode=${Number(inode) + copy}`);
}

export async function makeBenchLog(sourcePath: string, outPath: string, minBytes: number): Promise<{ bytes: number; copies: number; lines: number }> {
  const lines = readFileSync(sourcePath, 'latin1').split('\n').filter((l) => l.length > 0);
  const parsed = lines.map((line) => {
    const m = HEADER.exec(line);
    if (m === null || m.index === undefined) throw new Error(`not a record: ${line.slice(0, 80)}`);
    return { before: line.slice(0, m.index), after: line.slice(m.index + m[0].length), sec: Number(m[1]), milli: m[2] as string, serial: Number(m[3]) };
  });
  const secs = parsed.map((p) => p.sec);
  const serials = parsed.map((p) => p.serial);
  const secSpan = Math.max(...secs) - Math.min(...secs) + 1;
  const serialSpan = Math.max(...serials) - Math.min(...serials) + 1;
  const out = createWriteStream(outPath);
  let bytes = 0;
  let copies = 0;
  while (bytes < minBytes) {
    const dSec = copies * secSpan;
    const dSerial = copies * serialSpan;
    let chunk = '';
    for (const p of parsed) chunk += `${p.before}msg=audit(${p.sec + dSec}.${p.milli}:${p.serial + dSerial})${vary(p.after, copies)}\n`;
    bytes += Buffer.byteLength(chunk, 'latin1');
    copies++;
    if (!out.write(chunk, 'latin1')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { bytes, copies, lines: copies * lines.length };
}
