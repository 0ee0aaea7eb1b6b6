// The HTTP API of auspex serve over a store of the sample log: the token is
// required on every call; every bad parameter is a 400 that names it (bad
// criteria with ausearch's own message, checked against ausearch); searches
// select exactly the events ausearch selects on the same log, page after
// page; free text finds what the log's lines hold, as written or hex-encoded;
// an event's records are the log's own lines; the process tree follows the
// log's ppids; reports are `auspex report --json`'s.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { havePeer, runPeer, spawnAuspex } from '../helpers/run.js';
import { apiGet, sampleRaw, searchAll, serveLogs } from './serve-fixture.js';
import type { Served } from './serve-fixture.js';

let s: Served;
before(async () => {
  s = await serveLogs([sampleRaw]);
});
after(async () => {
  await s.close();
});

const LINES = readFileSync(sampleRaw, 'latin1').split('\n').filter((l) => l.length > 0);
const idOf = (line: string): string => (/msg=audit\(([0-9.]+:\d+)\)/.exec(line) as RegExpExecArray)[1] as string;

/** Event ids ausearch --raw prints for the criteria on the sample log. */
function ausearchIds(criteria: readonly string[]): string[] {
  const r = runPeer('ausearch', ['-if', sampleRaw, '--raw', ...criteria]);
  return [...new Set(r.stdout.toString('latin1').split('\n').filter((l) => l.length > 0).map(idOf))].sort();
}

test('every API call without the right token is refused with 401', async () => {
  const paths = ['status', 'search', 'search?q=-k%20x', 'histogram', 'events/1', 'events/1/process-tree', 'reports/summary', 'reports/uring', 'stream', 'nope'];
  for (const path of paths) {
    for (const token of [null, 'wrong', `${s.token}x`]) {
      const r = await apiGet(s, path, token);
      assert.equal(r.status, 401, `${path} with ${token ?? 'no token'}`);
      assert.match(JSON.stringify(r.body), /missing or wrong token/);
      assert.equal(r.headers.get('www-authenticate'), 'Bearer realm="auspex"');
    }
  }
  // The page itself carries no data and needs no token; the API does with it.
  assert.equal((await fetch(s.base)).status, 200);
  assert.equal((await apiGet(s, 'status')).status, 200);
});

test('bad parameters are 400 with a message naming the parameter', async () => {
  const cases: Array<[string, string, RegExp]> = [
    ['search?limit=abc', 'limit', /'abc' is not an integer/],
    ['search?limit=0', 'limit', /0 is not between 1 and 1000/],
    ['search?limit=5000', 'limit', /5000 is not between 1 and 1000/],
    ['search?lmit=5', 'lmit', /unknown parameter 'lmit'; known: q, text, from, to, limit, cursor/],
    ['search?q=-k%20a&q=-k%20b', 'q', /given more than once/],
    ['search?from=yesterday', 'from', /is not a time/],
    ['search?from=2026-13-45T00:00:00Z', 'from', /not a valid date/],
    ['search?from=2000&to=1000', 'from', /from must be before to/],
    ['search?cursor=12', 'cursor', /is not a cursor/],
    ['search?q=-if%20%2Fetc%2Fpasswd', 'q', /-if is an input or output option of auspex search, not a criterion/],
    ['search?q=hello', 'q', /'hello' is not an option/],
    ['search?q=-f%20%22unclosed', 'q', /unclosed " quote/],
    ['histogram?by=colour', 'by', /'colour' is not one of type, key, none/],
    ['histogram?buckets=0', 'buckets', /0 is not between 1 and 2000/],
    ['histogram?series=99', 'series', /99 is not between 1 and 20/],
    ['events/abc', 'seq', /'abc' is not a stored event number/],
    ['events/1?x=1', 'x', /unknown parameter 'x' \(this call takes none\)/],
    ['reports/uring?to=tomorrow', 'to', /is not a time/],
    ['status?verbose=1', 'verbose', /unknown parameter/],
  ];
  for (const [path, parameter, message] of cases) {
    const r = await apiGet(s, path);
    assert.equal(r.status, 400, path);
    const e = (r.body as { error: { code: string; message: string; parameter: string } }).error;
    assert.equal(e.code, 'bad_parameter', path);
    assert.equal(e.parameter, parameter, path);
    assert.match(e.message, message, path);
  }
  assert.equal((await apiGet(s, 'reports/nope')).status, 404);
  assert.equal((await apiGet(s, 'events/999999')).status, 404);
});

test('bad criteria are refused with ausearch\'s own message', { skip: !havePeer('ausearch') && 'ausearch not installed' }, async () => {
  for (const criteria of [['-k'], ['-sv', 'maybe'], ['-p', 'x'], ['-ts', '99/99/9999'], ['-ui']]) {
    const peer = runPeer('ausearch', ['-if', sampleRaw, ...criteria]);
    assert.notEqual(peer.code, 0);
    const r = await apiGet(s, `search?q=${encodeURIComponent(criteria.join(' '))}`);
    assert.equal(r.status, 400, criteria.join(' '));
    const message = (r.body as { error: { message: string } }).error.message;
    const first = peer.stderr.trim().split('\n')[0] as string;
    assert.equal(message, `q: ${first.replace(/\s+/g, ' ')}`, criteria.join(' '));
  }
});

test('searches select the events ausearch selects on the same log, across pages', { skip: !havePeer('ausearch') && 'ausearch not installed' }, async () => {
  const cases: string[][] = [
    [], ['-k', 'auspex-test-shadow'], ['-sv', 'no'], ['-m', 'URINGOP'], ['-m', 'BPF,LOGIN'], ['-x', '/usr/bin/cat'], ['-ui', '65534'],
    ['-sc', 'openat'], ['-p', '12781'], ['-pp', '12766'], ['-f', 'onerror'], ['-f', '<img src=x onerror=alert(1)>'],
    ['-k', 'auspex-test-exec', '-sv', 'no'], ['-a', '300'], ['-c', 'uring-bpf', '-e', '0'], ['-k', 'exec', '-w'], ['-k', 'auspex-test-exec', '-w'],
  ];
  for (const criteria of cases) {
    const want = ausearchIds(criteria);
    const quoted = criteria.map((w) => (/[\s<>()=]/.test(w) ? `'${w}'` : w)).join(' ');
    const got = await searchAll(s, { q: quoted });
    const ids = got.map((e) => e.id);
    assert.deepEqual([...new Set(ids)].sort(), want, `criteria: ${quoted}`);
    assert.equal(new Set(ids).size, ids.length, `no event twice across pages: ${quoted}`);
    // Newest first: times never increase down the pages.
    const times = ids.map((id) => Number(id.split(':')[0]));
    assert.deepEqual(times, [...times].sort((a, b) => b - a), `order: ${quoted}`);
    // The total: the search's when it costs no scan of the lines, the histogram's always.
    const first = (await apiGet(s, `search?q=${encodeURIComponent(quoted)}`)).body as { total: number | null };
    if (first.total !== null) assert.equal(first.total, want.length, `total: ${quoted}`);
    const h = (await apiGet(s, `histogram?q=${encodeURIComponent(quoted)}`)).body as { total: number; exact: boolean };
    assert.deepEqual([h.total, h.exact], [want.length, true], `histogram total: ${quoted}`);
  }
});

test('free text finds the events whose lines hold it, as written (any case) or hex-encoded', async () => {
  for (const text of ['onerror', '<img src=x onerror=alert(1)>', 'AUSPEX-SAMPLE-BEGIN', 'auspex-sample-begin', '/etc/shadow', 'hello world']) {
    const hex = Buffer.from(text, 'utf8').toString('hex').toUpperCase();
    const want = [...new Set(LINES.filter((l) => l.toLowerCase().includes(text.toLowerCase()) || l.includes(hex)).map(idOf))].sort();
    assert.ok(want.length > 0, `the sample holds ${text}`);
    const got = await searchAll(s, { text });
    assert.deepEqual(got.map((e) => e.id).sort(), want, text);
  }
  const none = await apiGet(s, `search?text=${encodeURIComponent('no such text 42%_')}`);
  assert.deepEqual((none.body as { events: unknown[] }).events, []);
});

test('the histogram counts what the search finds, per record type and per key', async () => {
  const all = await searchAll(s, {}, 100);
  const h = (await apiGet(s, 'histogram?buckets=10&by=type')).body as {
    series: Array<{ name: string; total: number; counts: number[] }>; total: number; exact: boolean; times: number[]; from_ms: number; to_ms: number; bucket_ms: number;
  };
  assert.equal(h.total, all.length);
  assert.equal(h.exact, true);
  // At most the buckets asked for, of whole milliseconds, covering the events' span.
  assert.ok(h.times.length <= 10 && h.times.length > 0);
  assert.equal(h.times[0], h.from_ms);
  assert.ok((h.times.at(-1) as number) + h.bucket_ms >= h.to_ms);
  const span = all.map((e) => Number((e.id.split(':')[0] as string).replace('.', '')));
  assert.equal(h.from_ms, Math.min(...span));
  assert.ok(h.to_ms > Math.max(...span));
  for (const series of h.series) assert.equal(series.counts.reduce((a, b) => a + b, 0), series.total);
  // Each event's type is its first record's: the log's first line of each event id.
  const firstType = new Map<string, string>();
  for (const l of LINES) if (!firstType.has(idOf(l))) firstType.set(idOf(l), (/^type=(\S+)/.exec(l) as RegExpExecArray)[1] as string);
  const byType = new Map<string, number>();
  for (const t of firstType.values()) {
    const label = t === 'UNKNOWN[1336]' ? 'URINGOP' : t === 'UNKNOWN[1334]' ? 'BPF' : t;
    byType.set(label, (byType.get(label) ?? 0) + 1);
  }
  assert.deepEqual(new Map(h.series.map((x) => [x.name, x.total])), byType);
  const k = (await apiGet(s, `histogram?by=key&q=${encodeURIComponent('-k auspex-test-net')}`)).body as { series: Array<{ name: string; total: number }>; total: number };
  assert.deepEqual(k.series.map((x) => [x.name, x.total]), [['auspex-test-net', k.total]]);
  assert.equal(k.total, ausearchOr(['-k', 'auspex-test-net'], k.total));
});

function ausearchOr(criteria: string[], fallback: number): number {
  return havePeer('ausearch') ? ausearchIds(criteria).length : fallback;
}

test('an event holds the log\'s own lines, its fields and their interpretation', async () => {
  const hit = await searchAll(s, { q: '-f onerror' });
  const seq = (hit[0] as { seq: number }).seq;
  const d = (await apiGet(s, `events/${seq}`)).body as {
    summary: { id: string }; source: string;
    event: { records: Array<{ type: string; raw: string; fields: Record<string, string>; interpreted: Record<string, string>; source: { file: string; line: number } }> };
  };
  const id = d.summary.id;
  const lines = LINES.filter((l) => idOf(l) === id);
  assert.deepEqual(d.event.records.map((r) => r.raw), lines);
  for (const r of d.event.records) {
    assert.equal(r.source.file, sampleRaw);
    assert.equal(LINES[r.source.line - 1], r.raw, 'source line numbers point at the line');
  }
  const path = d.event.records.find((r) => r.type === 'PATH' && r.interpreted.name?.includes('onerror'));
  assert.ok(path !== undefined);
  assert.match(path.fields.name as string, /^[0-9A-F]+$/, 'the name is hex in the log');
  assert.ok((path.interpreted.name as string).endsWith('/<img src=x onerror=alert(1)>'));
  if (havePeer('ausearch')) {
    // The SYSCALL record's interpretation is ausearch -i's.
    const peer = runPeer('ausearch', ['-if', sampleRaw, '-i', '-a', id.split(':')[1] as string]).stdout.toString('utf8');
    const sysLine = peer.split('\n').find((l) => l.startsWith('type=SYSCALL')) as string;
    const sys = d.event.records.find((r) => r.type === 'SYSCALL') as { interpreted: Record<string, string> };
    for (const name of ['arch', 'syscall', 'success', 'exit', 'uid', 'auid', 'euid', 'comm', 'exe', 'key']) {
      const m = new RegExp(` ${name}=(\\S+)`).exec(sysLine);
      assert.ok(m !== null, `${name} in ausearch -i`);
      assert.equal(sys.interpreted[name], (m[1] as string).replace(/^"|"$/g, ''), name);
    }
  }
});

test('the process tree follows the log\'s pid and ppid', async () => {
  const uring = await searchAll(s, { q: '-m URINGOP' });
  const seq = (uring[0] as { seq: number }).seq;
  const t = (await apiGet(s, `events/${seq}/process-tree`)).body as {
    self: { pid: number; ppid: number; exe: string }; ancestors: Array<{ pid: number; exe: string | null }>; children: Array<{ pid: number }>;
  };
  // ppid of each pid, and its exe, from the SYSCALL lines of the log.
  const parent = new Map<number, number>();
  const exe = new Map<number, string>();
  for (const l of LINES) {
    const m = /^type=SYSCALL .* ppid=(\d+) pid=(\d+) .* exe="([^"]*)"/.exec(l);
    if (m !== null) {
      parent.set(Number(m[2]), Number(m[1]));
      exe.set(Number(m[2]), m[3] as string);
    }
  }
  assert.equal(t.self.ppid, parent.get(t.self.pid));
  assert.equal(t.self.exe, exe.get(t.self.pid));
  let pid = t.self.pid;
  for (const a of t.ancestors) {
    assert.equal(a.pid, parent.get(pid));
    assert.equal(a.exe, exe.get(a.pid) ?? null);
    pid = a.pid;
  }
  assert.ok(t.ancestors.length >= 2, 'the shell and its parent');
  // The shell's children are the processes whose ppid is the shell.
  const shell = t.ancestors[0] as { pid: number };
  const shellEvent = (await searchAll(s, { q: `-p ${shell.pid}` }))[0] as { seq: number };
  const st = (await apiGet(s, `events/${shellEvent.seq}/process-tree`)).body as { children: Array<{ pid: number }> };
  const want = [...new Set([...parent].filter(([, pp]) => pp === shell.pid).map(([p]) => p))].sort((a, b) => a - b);
  assert.deepEqual(st.children.map((c) => c.pid).sort((a, b) => a - b), want);
});

test('the io_uring, BPF and container reports are auspex report --json\'s on the same log', async () => {
  for (const kind of ['uring', 'bpf', 'container']) {
    const cli = spawnAuspex(['report', '-if', sampleRaw, `--${kind}`, '--json']);
    assert.equal(cli.code, 0, cli.stderr);
    const r = await apiGet(s, `reports/${kind}`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, JSON.parse(cli.stdout.toString('utf8')), kind);
  }
  const summary = (await apiGet(s, 'reports/summary')).body as { events: number; by_type: Array<{ name: string; events: number }> };
  assert.equal(summary.events, new Set(LINES.map(idOf)).size);
});

test('the summary report carries aureport --summary\'s text for the whole store, and none for a time range', async (t) => {
  if (!havePeer('aureport')) return t.skip('aureport not installed');
  const want = runPeer('aureport', ['-if', sampleRaw, '--summary']).stdout.toString('latin1');
  const whole = (await apiGet(s, 'reports/summary')).body as { aureport_summary: string | null };
  assert.equal(typeof whole.aureport_summary, 'string');
  // aureport's title, then the text the page shows.
  assert.equal(want, `\nSummary Report\n======================\n${whole.aureport_summary as string}`);
  const ranged = (await apiGet(s, 'reports/summary?from=2000-01-01T00:00:00Z')).body as { aureport_summary: string | null };
  assert.equal(ranged.aureport_summary, null);
  return undefined;
});

test('responses carry the page\'s safety headers; unknown host names are refused', async () => {
  const page = await fetch(s.base);
  const csp = page.headers.get('content-security-policy') ?? '';
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
  const html = await page.text();
  assert.doesNotMatch(html, /<script>(?!<\/script>)|<script [^>]*>[^<]/, 'no inline script');
  // A DNS-rebinding page reaches 127.0.0.1 under its own name: refused.
  const { request } = await import('node:http');
  const status = await new Promise<number>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: s.server.port, path: '/api/status', headers: { Host: 'attacker.example:80', Authorization: `Bearer ${s.token}` } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
  assert.equal(status, 421);
});
