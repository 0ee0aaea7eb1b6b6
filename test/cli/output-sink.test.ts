// OutputSink hands a stream exactly the bytes written to it, in order, whether
// they came through write(), writeBytes() or its lent buffer (appendBuffer /
// appended, as the -i formatter uses it), across flushes, with events larger
// than the buffer, line-buffered, and after the reader has gone away.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSync, closeSync, readFileSync, mkdtempSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { OutputSink } from '../../src/cli/output-sink.js';

/** Pieces of every kind and size, the large ones well past the sink's 1 MiB buffer. */
function pieces(): Array<{ how: 'text' | 'bytes' | 'lent'; data: Buffer }> {
  const out: Array<{ how: 'text' | 'bytes' | 'lent'; data: Buffer }> = [];
  const sizes = [1, 7, 63, 64, 200, 4096, 300_000, 900_000, 1_500_000, 3_000_000, 10];
  let seed = 1;
  for (let round = 0; round < 3; round++) {
    for (const size of sizes) {
      for (const how of ['text', 'bytes', 'lent'] as const) {
        const data = Buffer.alloc(size);
        for (let i = 0; i < size; i++) data[i] = (seed = (seed * 1103515245 + 12345) >>> 0) & 0xff;
        out.push({ how, data });
      }
    }
  }
  return out;
}

function feed(sink: OutputSink, all: ReturnType<typeof pieces>): void {
  for (const { how, data } of all) {
    if (how === 'text') sink.write(data.toString('latin1'));
    else if (how === 'bytes') sink.writeBytes(data, 0, data.length);
    else {
      const b = sink.appendBuffer();
      // As a formatter appends: in several parts, through the buffer's own methods.
      const half = data.length >> 1;
      b.bytes(data, 0, half);
      b.latin1(data.toString('latin1', half));
      sink.appended();
    }
  }
}

test('a stream gets every byte, in order, through all three ways of writing', async () => {
  const all = pieces();
  const want = Buffer.concat(all.map((p) => p.data));
  const chunks: Buffer[] = [];
  const stream = new Writable({ write(chunk: Buffer, _enc, done) { chunks.push(Buffer.from(chunk)); done(); } });
  const sink = new OutputSink(stream);
  feed(sink, all);
  await sink.end();
  assert.ok(Buffer.concat(chunks).equals(want));
});

test('a file descriptor stream (buffers used again once written) gets every byte too', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'auspex-sink-'));
  try {
    const path = join(dir, 'out');
    const fd = openSync(path, 'w');
    const stream = createWriteStream('', { fd, autoClose: false });
    const sink = new OutputSink(stream);
    const all = pieces();
    feed(sink, all);
    await sink.end();
    await new Promise<void>((resolve) => stream.end(resolve));
    closeSync(fd);
    assert.ok(readFileSync(path).equals(Buffer.concat(all.map((p) => p.data))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('line-buffered: each lent event reaches the stream at appended()', () => {
  const seen: string[] = [];
  const stream = new Writable({ write(chunk: Buffer, _enc, done) { seen.push(chunk.toString('latin1')); done(); } });
  const sink = new OutputSink(stream, { lineBuffered: true });
  for (const line of ['one\n', 'two\n']) {
    sink.appendBuffer().latin1(line);
    sink.appended();
    assert.equal(seen.join(''), line === 'one\n' ? 'one\n' : 'one\ntwo\n');
  }
});

test('after the reader has gone (EPIPE), lent bytes are dropped and the sink says closed', async () => {
  const stream = new PassThrough();
  const sink = new OutputSink(stream);
  const epipe = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
  stream.destroy(epipe);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(sink.closed, true);
  assert.equal(sink.error, undefined);
  const b = sink.appendBuffer();
  b.latin1('x'.repeat(900_000));
  sink.appended();
  assert.equal(sink.appendBuffer().len, 0);
});
