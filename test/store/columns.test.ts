// The typed columns of `events` say what the records say: for every event of
// the corpus and sample logs, the store's row (found by time and serial) is
// held to `auspex search --json` on the same log — the same grouping (the
// kernel's), the same record types and lines, and the field values as
// logged and as interpreted (syscall and arch names as `ausearch -i` gives
// them), taken from the SYSCALL record first, else the first record that
// has the field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusFile, repoRoot } from '../helpers/paths.js';
import { runAuspex } from '../helpers/run.js';
import { queryRows } from './store-helpers.js';

process.env.TZ = 'UTC';

interface JsonRecord {
  type: string;
  raw: string;
  fields: Record<string, string>;
  interpreted: Record<string, string>;
}
interface JsonEvent {
  node: string | null;
  sec: number;
  milli: number;
  serial: number;
  records: JsonRecord[];
}

const LOGS = [corpusFile('raw.log'), corpusFile('enriched.log'), join(repoRoot, 'data/sample/audit-raw.log'), join(repoRoot, 'data/sample/audit-enriched.log')];
const NOT_SCANNED = new Set(['PATH', 'CWD', 'EXECVE', 'PROCTITLE', 'SOCKADDR', 'BPRM_FCAPS', 'EOE', 'FD_PAIR', 'OBJ_PID', 'MMAP']);

const dir = mkdtempSync(join(tmpdir(), 'auspex-columns-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** The field as the store should have it: from SYSCALL first, else the first record (of those scanned) with it. */
function field(e: JsonEvent, name: string, view: 'fields' | 'interpreted' = 'fields'): string | undefined {
  const order = [...e.records.filter((r) => r.type === 'SYSCALL'), ...e.records.filter((r) => r.type !== 'SYSCALL' && !NOT_SCANNED.has(r.type))];
  for (const r of order) {
    if (r.type === 'CONTAINER_OP' && name === 'contid') continue;
    const v = r[view][name];
    if (v !== undefined) return v;
  }
  return undefined;
}

const num = (v: string | undefined): number | null => (v === undefined || !/^-?\d+$/.test(v) ? null : Number(v));

LOGS.forEach((log, n) => {
  test(`typed columns of ${log.split('/').slice(-2).join('/')} agree with search --json`, async (t) => {
    if (!existsSync(log)) return t.skip(`${log} not found`);
    const db = join(dir, `c${n}.duckdb`);
    assert.equal((await runAuspex(['ingest', '--db', db, '--quiet', log])).code, 0);
    const search = await runAuspex(['search', '-if', log, '--json']);
    const events = search.stdout.toString('utf8').split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as JsonEvent);
    const rows = await queryRows(db, 'SELECT epoch_ms(time) AS ms, * EXCLUDE (raw_bytes) FROM events ORDER BY rseq');
    assert.equal(rows.length, events.length, 'one row per event');
    const byId = new Map(rows.map((r) => [`${String(r.ms)}:${String(r.serial)}`, r]));
    for (const e of events) {
      const id = `${e.sec * 1000 + e.milli}:${e.serial}`;
      const row = byId.get(id);
      assert.ok(row !== undefined, `event ${id} stored`);
      const what = `event ${id}`;
      assert.equal(row.node, e.node, what);
      assert.deepEqual(row.types, e.records.map((r) => r.type), what);
      assert.equal(row.type, e.records[0]?.type, what);
      // raw holds the lines as logged (ENRICHED tail included; JSON's raw leaves it out).
      assert.equal(String(row.raw).split('\n').map((l) => l.split('\x1d')[0]).join('\n'), e.records.map((r) => r.raw).join('\n'), what);
      assert.equal(row.syscall, field(e, 'syscall', 'interpreted') ?? null, `${what} syscall`);
      assert.equal(row.arch, field(e, 'arch', 'interpreted') ?? null, `${what} arch`);
      const success = field(e, 'success') ?? field(e, 'res');
      const outcome = success === undefined ? null : ['yes', 'success', '1'].includes(success) ? true : ['no', 'failed', '0'].includes(success) ? false : null;
      assert.equal(row.success, outcome, `${what} success`);
      for (const name of ['exit', 'pid', 'ppid', 'uid', 'auid', 'euid', 'suid', 'fsuid', 'gid', 'egid', 'sgid', 'fsgid', 'ses', 'uring_op']) {
        assert.equal(row[name], num(field(e, name)), `${what} ${name}`);
      }
      assert.equal(row.bpf_prog_id, num(field(e, 'prog-id')), `${what} bpf_prog_id`);
      const tty = field(e, 'tty') ?? field(e, 'terminal');
      assert.equal(row.tty, tty === undefined || tty === '?' ? null : tty, `${what} tty`);
      for (const name of ['exe', 'comm', 'key']) {
        const v = field(e, name, 'interpreted');
        assert.equal(row[name], v === undefined || v === '(null)' ? null : v, `${what} ${name}`);
      }
      assert.equal(row.op, field(e, 'op') ?? null, `${what} op`);
    }
  });
});
