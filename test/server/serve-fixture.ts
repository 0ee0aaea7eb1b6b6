// A real server for tests: logs ingested into a fresh store with store/'s own
// ingest, then `auspex serve` started in this process on 127.0.0.1 with the
// machine's names (as the command does), and a fetch helper that sends the token.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveEnv } from '../../src/cli/serve.js';
import { searchHost } from '../../src/cli/search-host.js';
import { StoreIngest, StoreWriter } from '../../src/store/index.js';
import { DEFAULT_LISTEN, StoreSession, defaultWebRoot, newToken, startServer } from '../../src/server/index.js';
import type { RunningServer } from '../../src/server/index.js';
import { repoRoot } from '../helpers/paths.js';

export const sampleRaw = join(repoRoot, 'data', 'sample', 'audit-raw.log');
export const sampleEnriched = join(repoRoot, 'data', 'sample', 'audit-enriched.log');

/** A server started as a child process (auspex serve, npm start's script), once it printed its address. */
export interface Started {
  readonly child: ChildProcess;
  /** The first line it printed: http://HOST:PORT/?token=TOKEN */
  readonly url: URL;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

/** Runs `exe args` and waits for its first stdout line (the address); rejects when it exits first. */
export function startPrintingAddress(exe: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<Started> {
  const child = spawn(exe, [...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\n')) resolve({ child, url: new URL(out.split('\n')[0] as string), stderr: () => err, exited });
    });
    void exited.then((code) => reject(new Error(`${exe} ${args.join(' ')} exited (${code}) before printing an address: ${err}`)));
  });
}

export interface Served {
  readonly server: RunningServer;
  readonly session: StoreSession;
  readonly token: string;
  /** http://127.0.0.1:PORT/ */
  readonly base: string;
  readonly dir: string;
  close(): Promise<void>;
}

/** Ingests the logs (in order, as one run) into a new store at `path`. */
export async function buildStore(path: string, logs: readonly string[]): Promise<void> {
  const writer = await StoreWriter.open(path);
  const ingest = new StoreIngest(writer, { timeoutSec: 2, maxInFlight: 100_000, batchEvents: 50_000, users: searchHost().users });
  for (let i = 0; i < logs.length; i++) {
    const log = logs[i] as string;
    ingest.beginInput(log);
    await ingest.push(readFileSync(log));
    await ingest.endInput(i === logs.length - 1);
  }
  await ingest.finish();
  await writer.close();
}

export async function serveLogs(logs: readonly string[], options: { follow?: string; keepAliveSec?: number } = {}): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), 'auspex-serve-test-'));
  const db = join(dir, 'events.duckdb');
  await buildStore(db, logs);
  const host = searchHost();
  const session = await StoreSession.open({ path: db, users: host.users, timeoutSec: 2 });
  const token = newToken();
  const server = await startServer({
    session,
    listen: DEFAULT_LISTEN,
    token,
    webRoot: defaultWebRoot(),
    ...serveEnv(host),
    version: 'test',
    ...(options.follow === undefined ? {} : { follow: { path: options.follow, pollMs: 50 } }),
    ...(options.keepAliveSec === undefined ? {} : { keepAliveSec: options.keepAliveSec }),
  });
  return {
    server, session, token, dir,
    base: `http://127.0.0.1:${server.port}/`,
    close: async () => {
      await server.close();
      await session.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ApiAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

/** GET an API path (`search?q=...`) with the token, or with `token` when given (null: none). */
export async function apiGet(s: Served, path: string, token: string | null = s.token): Promise<ApiAnswer> {
  const res = await fetch(`${s.base}api/${path}`, { headers: token === null ? {} : { Authorization: `Bearer ${token}` } });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body };
}

/** Every page of a search, following `next`. */
export async function searchAll(s: Served, params: Record<string, string>, limit = 7): Promise<Array<{ id: string; seq: number }>> {
  const out: Array<{ id: string; seq: number }> = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const qs = new URLSearchParams({ ...params, limit: String(limit), ...(cursor === null ? {} : { cursor }) });
    const r = await apiGet(s, `search?${qs.toString()}`);
    if (r.status !== 200) throw new Error(`search ${qs.toString()}: ${r.status} ${JSON.stringify(r.body)}`);
    const body = r.body as { events: Array<{ id: string; seq: number }>; next: string | null };
    out.push(...body.events.map((e) => ({ id: e.id, seq: e.seq })));
    cursor = body.next;
    if (cursor === null) return out;
  }
  throw new Error('too many pages');
}
