// Following a log as the collector writes it: lines appended to the file are
// ingested into the store and the events they make reach an open SSE stream
// (the page's live view) — every event of the log, once, including the last
// ones, which a log without EOE lines completes only when it goes quiet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiGet, sampleEnriched, searchAll, serveLogs } from './serve-fixture.js';

const idOf = (line: string): string => (/msg=audit\(([0-9.]+:\d+)\)/.exec(line) as RegExpExecArray)[1] as string;

test('appended log lines become stored events and reach the live stream', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'auspex-live-test-'));
  // The collector may not have made its log yet: following starts when it appears.
  const log = join(dir, 'audit.log');
  const live = await serveLogs([], { follow: log, keepAliveSec: 1 });
  try {
    const status = (await apiGet(live, 'status')).body as { following: string; events: number };
    assert.equal(status.following, `file:${log}`);
    assert.equal(status.events, 0);

    const ac = new AbortController();
    const res = await fetch(`${live.base}api/stream`, { headers: { Authorization: `Bearer ${live.token}` }, signal: ac.signal });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    const seen: string[] = [];
    let hello: unknown;
    const lines = readFileSync(sampleEnriched, 'latin1').split('\n').filter((l) => l.length > 0);
    const want = [...new Set(lines.map(idOf))].sort();
    const reading = (async () => {
      const reader = (res.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
      let buf = '';
      while (seen.length < want.length) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += value;
        let end: number;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          const name = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (name === 'hello') hello = JSON.parse(data as string);
          if (name === 'events') seen.push(...(JSON.parse(data as string) as Array<{ id: string }>).map((e) => e.id));
        }
      }
    })();
    // Written in two parts, the cut inside an event, as a writer flushing mid-event would.
    const cut = Math.floor(lines.length / 2);
    appendFileSync(log, `${lines.slice(0, cut).join('\n')}\n`);
    await new Promise((r) => setTimeout(r, 300));
    appendFileSync(log, `${lines.slice(cut).join('\n')}\n`);
    const deadline = new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${seen.length} of ${want.length} events streamed`)), 15_000));
    await Promise.race([reading, deadline]);
    ac.abort();
    assert.deepEqual(hello, { following: `file:${log}` });
    assert.deepEqual([...seen].sort(), want, 'every event once');
    const stored = await searchAll(live, {}, 100);
    assert.deepEqual(stored.map((e) => e.id).sort(), want);
  } finally {
    await live.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
