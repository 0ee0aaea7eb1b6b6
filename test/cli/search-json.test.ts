// `auspex search --json`: one event per kernel serial (not ausearch's split
// LOGIN events), every record present once, arguments joined back, and output
// that is plain ASCII JSON whatever the log holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { corpusFile, haveCorpus } from '../helpers/paths.js';
import { runAuspex } from '../helpers/run.js';
import type { JsonEvent } from '../../src/output/index.js';
import { escapeForTerminal } from '../../src/output/index.js';

async function jsonEvents(log: string): Promise<JsonEvent[]> {
  const r = await runAuspex(['search', '-if', corpusFile(log), '--json']);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, '');
  assert.doesNotMatch(r.stdout.toString('latin1'), /[^\x20-\x7e\n]/, 'output is printable ASCII');
  return r.stdout.toString('latin1').trimEnd().split('\n').map((l) => JSON.parse(l) as JsonEvent);
}

for (const log of ['raw.log', 'enriched.log']) {
  test(`--json on ${log}: one event per serial, every line once, in order`, async (t) => {
    if (!haveCorpus()) return t.skip('corpus not found beside the repository');
    const lines = readFileSync(corpusFile(log), 'latin1').split('\n').filter((l) => l.length > 0);
    const serials = new Set(lines.map((l) => /:(\d+)\): /.exec(l)?.[1]));
    const events = await jsonEvents(log);
    assert.equal(events.length, serials.size);
    assert.equal(new Set(events.map((e) => String(e.serial))).size, serials.size);
    const raws = events.flatMap((e) => e.records.map((r) => r.raw));
    assert.equal(raws.length, lines.length);
    const logged = lines.map((l) => Buffer.from(l.split('\x1d')[0] as string, 'latin1').toString('utf8'));
    assert.deepEqual([...raws].sort(), [...logged].sort());
    for (const e of events) {
      for (const r of e.records) assert.equal(r.source.file, corpusFile(log));
      assert.ok(e.records.every((r) => r.raw.includes(`:${e.serial}): `)));
    }
    const login = events.find((e) => e.records.some((r) => r.type === 'LOGIN'));
    assert.deepEqual(login?.records.map((r) => r.type), ['LOGIN', 'SYSCALL', 'PROCTITLE']);
    if (log === 'enriched.log') {
      const sys = events.flatMap((e) => e.records).find((r) => r.type === 'SYSCALL');
      assert.equal(sys?.enriched?.['ARCH'], 'x86_64');
    }
  });
}

test('--json joins a split execve argument as ausearch -i shows its pieces', async (t) => {
  if (!haveCorpus()) return t.skip('corpus not found beside the repository');
  const reference = readFileSync(corpusFile('raw.ausearch-i.txt'), 'latin1');
  const m = /:(\d+)\) : argc=2 a0=\/bin\/echo a1_len=(\d+) (.*)/.exec(reference);
  assert.ok(m, 'reference has the split argument');
  const serial = Number(m[1]);
  // Pieces as ausearch -i prints them, possibly over continuation EXECVE lines.
  const pieces = [...reference.matchAll(new RegExp(`:${serial}\\) : .*`, 'g'))]
    .flatMap((x) => [...x[0].matchAll(/a1\[\d+\]=(\S+)/g)].map((p) => p[1]));
  const joined = pieces.join('');
  assert.ok(joined.length >= 9000);
  const events = await jsonEvents('raw.log');
  const e = events.find((x) => x.serial === serial);
  assert.equal(e?.execve?.argv[1], joined);
  assert.equal(e?.execve?.argc, 2);
});

test('--json interpreted values are what ausearch -i prints for the same fields', async (t) => {
  if (!haveCorpus()) return t.skip('corpus not found beside the repository');
  // The reference -i output, as name=value tokens per (serial, record type, n-th record of that type).
  const reference = new Map<string, Map<string, string>>();
  const seen = new Map<string, number>();
  for (const line of readFileSync(corpusFile('raw.ausearch-i.txt'), 'latin1').split('\n')) {
    const m = /^type=(\S+) msg=audit\([^)]*:(\d+)\) : (.*)$/.exec(line);
    if (m === null) continue;
    const base = `${m[2]}/${m[1]}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const fields = new Map<string, string>();
    for (const tok of (m[3] as string).split(' ')) {
      const eq = tok.indexOf('=');
      // A user message's last field carries the closing quote of msg='...'.
      if (eq > 0 && !fields.has(tok.slice(0, eq))) fields.set(tok.slice(0, eq), tok.slice(eq + 1).replace(/'$/, ''));
    }
    reference.set(`${base}/${n}`, fields);
  }
  const events = await jsonEvents('raw.log');
  let compared = 0;
  for (const e of events) {
    // -i prints records last to first; number them the same way.
    const count = new Map<string, number>();
    for (const r of [...e.records].reverse()) {
      const base = `${e.serial}/${r.type}`;
      const n = (count.get(base) ?? 0) + 1;
      count.set(base, n);
      const want = reference.get(`${base}/${n}`);
      if (want === undefined || r.interpreted === undefined) continue;
      for (const [name, value] of Object.entries(r.interpreted)) {
        const ref = want.get(name);
        // Only single-token values can be told apart in -i text; uring_op is named on purpose.
        if (ref === undefined || value.includes(' ') || name === 'uring_op' || name === 'msg') continue;
        // JSON keeps control characters (JSON escapes them); -i shows them in octal.
        assert.equal(escapeForTerminal(value, 'tty'), Buffer.from(ref, 'latin1').toString('utf8'), `${e.id} ${r.type} ${name}`);
        compared++;
      }
    }
  }
  assert.ok(compared > 5000, `compared ${compared} values`);
});
