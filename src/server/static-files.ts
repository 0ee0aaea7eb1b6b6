// The built web UI (web/dist) served as files, with the headers that keep a
// page showing attacker-written audit strings safe: a Content-Security-Policy
// allowing only the page's own scripts and styles (an injected <img onerror>
// or inline script would not run even if one got into the DOM), no referrer
// (the first address carries the token), no framing, no MIME sniffing.
import { readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

export interface StaticFile {
  readonly body: Buffer;
  readonly type: string;
  /** Hashed asset names never change: cache them; index.html always fresh. */
  readonly immutable: boolean;
}

/** The file under `root` for a URL path; undefined when there is none (or the path leaves root). */
export function staticFile(root: string, urlPath: string): StaticFile | undefined {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (rel === '/' || rel === '') rel = '/index.html';
  if (rel.includes('\0')) return undefined;
  const path = normalize(join(root, rel));
  if (!path.startsWith(root.endsWith(sep) ? root : root + sep)) return undefined;
  try {
    if (!statSync(path).isFile()) return undefined;
    return { body: readFileSync(path), type: TYPES[extname(path)] ?? 'application/octet-stream', immutable: rel.startsWith('/assets/') };
  } catch {
    return undefined;
  }
}
