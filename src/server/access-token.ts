// The access token: random, written to a file only its owner can read (for
// scripts: `curl -H "Authorization: Bearer $(cat FILE)"`), and compared in
// constant time. A new token each start, so an old URL stops working.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, openSync, rmSync, writeSync, closeSync, fstatSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ServerError } from './server-error.js';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Writes the token to `path`, mode 0600, replacing any old file (never writing through a link or into someone else's file). */
export function writeTokenFile(path: string, token: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    rmSync(path, { force: true });
    // 'wx': fails if the name reappeared in between (O_EXCL does not follow links).
    const fd = openSync(path, 'wx', 0o600);
    try {
      if ((fstatSync(fd).mode & 0o077) !== 0) throw new Error('the new file is readable by others');
      writeSync(fd, `${token}\n`);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw new ServerError('E_SERVE_TOKEN', `cannot write the token file ${path}: ${(e as Error).message}`, { cause: e });
  }
}

export interface TokenPathEnv {
  readonly uid: number;
  readonly home: string | undefined;
  readonly xdgRuntimeDir: string | undefined;
}

/** Where the token goes without --token-file: the runtime directory (root: /run/auspex). */
export function defaultTokenPath(env: TokenPathEnv): string {
  if (env.uid === 0) return '/run/auspex/serve.token';
  const runtime = env.xdgRuntimeDir !== undefined && env.xdgRuntimeDir.startsWith('/') ? env.xdgRuntimeDir : undefined;
  return runtime !== undefined ? join(runtime, 'auspex', 'serve.token') : join(env.home ?? '/', '.local', 'share', 'auspex', 'serve.token');
}

/** A checker that compares digests, so neither the length nor the content leaks through timing. */
export function tokenChecker(token: string): (given: string | undefined) => boolean {
  const want = createHash('sha256').update(token).digest();
  return (given) => given !== undefined && timingSafeEqual(createHash('sha256').update(given).digest(), want);
}
