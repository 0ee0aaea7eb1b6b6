// `auspex serve` as a user runs it (the real binary, a child process): it
// listens on loopback unless told otherwise (as the kernel's socket table
// shows), prints the address with the token, writes the token to a file only
// its owner can read, owns the store while it runs (no other process can
// open it), and stops cleanly on TERM. Bad --listen values are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auspexBin } from '../helpers/paths.js';
import { spawnAuspex } from '../helpers/run.js';
import { sampleRaw, startPrintingAddress } from './serve-fixture.js';
import type { Started } from './serve-fixture.js';

function startServe(args: readonly string[]): Promise<Started> {
  return startPrintingAddress(auspexBin, ['serve', ...args]);
}

/** Listening TCP sockets (state 0A) from the kernel: local address hex → port. */
function listeners(): Array<{ address: string; port: number }> {
  const out: Array<{ address: string; port: number }> = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[3] !== '0A' || f[1] === undefined) continue;
      const [addr, port] = f[1].split(':') as [string, string];
      out.push({ address: addr, port: parseInt(port, 16) });
    }
  }
  return out;
}

test('auspex serve listens on loopback, prints the address with its token and writes the token privately', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'auspex-serve-cmd-'));
  const db = join(dir, 'events.duckdb');
  const tokenFile = join(dir, 'run', 'serve.token');
  try {
    const ingest = spawnAuspex(['ingest', '--db', db, sampleRaw]);
    assert.equal(ingest.code, 0, ingest.stderr);
    const s = await startServe(['--db', db, '--token-file', tokenFile]);
    try {
      assert.equal(s.url.hostname, '127.0.0.1');
      assert.equal(s.url.pathname, '/');
      const token = s.url.searchParams.get('token') as string;
      assert.match(token, /^[A-Za-z0-9_-]{43}$/, '256 random bits');
      const port = Number(s.url.port);
      // The kernel's own table: one listening socket on this port, bound to 127.0.0.1 only.
      const mine = listeners().filter((l) => l.port === port);
      assert.deepEqual(mine.map((l) => l.address), ['0100007F']);
      assert.equal(readFileSync(tokenFile, 'utf8'), `${token}\n`);
      assert.equal(statSync(tokenFile).mode & 0o777, 0o600);
      assert.equal(statSync(join(dir, 'run')).mode & 0o077, 0, 'the token directory is private too');

      const ok = await fetch(new URL('/api/status', s.url), { headers: { Authorization: `Bearer ${token}` } });
      assert.equal(ok.status, 200);
      assert.equal(((await ok.json()) as { events: number }).events, 53);
      assert.equal((await fetch(new URL('/api/status', s.url))).status, 401);

      // The server owns the store: nothing else may open it while it runs.
      const other = spawnAuspex(['query', '--db', db, 'SELECT count(*) FROM events']);
      assert.notEqual(other.code, 0);
      assert.match(other.stderr, /open for writing by process \d+/);

      s.child.kill('SIGTERM');
      assert.equal(await s.exited, 0);
      assert.match(s.stderr(), /auspex serve: stopping/);
    } finally {
      s.child.kill('SIGKILL');
    }
    // Stopped: the store is free again and holds what it held.
    const after = spawnAuspex(['query', '--db', db, 'SELECT count(*) AS n FROM events', '--json']);
    assert.equal(after.code, 0, after.stderr);
    assert.match(after.stdout.toString(), /53/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a new token each start: the old address stops working', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'auspex-serve-cmd-'));
  try {
    const args = ['--db', join(dir, 'e.duckdb'), '--token-file', join(dir, 't')];
    const first = await startServe(args);
    const oldToken = first.url.searchParams.get('token');
    first.child.kill('SIGTERM');
    assert.equal(await first.exited, 0, first.stderr());
    const second = await startServe(args);
    try {
      assert.notEqual(second.url.searchParams.get('token'), oldToken);
      const r = await fetch(new URL('/api/status', second.url), { headers: { Authorization: `Bearer ${oldToken ?? ''}` } });
      assert.equal(r.status, 401);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad --listen values and a busy port are refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'auspex-serve-cmd-'));
  try {
    const base = ['serve', '--db', join(dir, 'e.duckdb'), '--token-file', join(dir, 't')];
    for (const [listen, message] of [
      ['8080', /'8080' is not HOST:PORT/], ['127.0.0.1:99999', /port '99999' is not a number from 0 to 65535/],
      ['::1:80', /write an IPv6 address in brackets/], ['[nope]:80', /'nope' in brackets is not an IPv6 address/],
    ] as const) {
      const r = spawnAuspex([...base, '--listen', listen]);
      assert.equal(r.code, 2, listen);
      assert.match(r.stderr, message, listen);
    }
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    const r = spawnAuspex([...base, '--listen', `127.0.0.1:${port}`]);
    busy.close();
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: EADDRINUSE`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
