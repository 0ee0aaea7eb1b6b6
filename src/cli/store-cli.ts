// What the store commands share: where the store is (--db, else the default
// for this user), the text of a store error, and retention limits as typed
// on a command line (30d, 12h, 500M, 2G), and this machine's users.
import { defaultStorePath, StoreError } from '../store/index.js';
import type { CommandIo } from './command-io.js';

export function storePath(db: string | undefined, io: CommandIo): string {
  if (db !== undefined) return db;
  return defaultStorePath({ uid: process.getuid?.() ?? -1, home: io.env.HOME, xdgDataHome: io.env.XDG_DATA_HOME });
}

/** One line for stderr: `auspex COMMAND: message`. */
export function storeErrorText(command: string, e: unknown): string {
  const message = e instanceof StoreError ? e.message : e instanceof Error ? e.message : String(e);
  return `auspex ${command}: ${message.replaceAll('\n', ' ')}\n`;
}

const AGE_UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
const SIZE_UNITS: Readonly<Record<string, number>> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** `90d`, `12h`, `3600s`, `2w` (a bare number is days) → seconds; undefined if not one. */
export function parseAge(text: string): number | undefined {
  const m = /^(\d+)([smhdw]?)$/i.exec(text.trim());
  if (m === null) return undefined;
  return Number(m[1]) * (AGE_UNITS[(m[2] ?? '').toLowerCase() || 'd'] as number);
}

/** `500M`, `2G`, `1048576` (bytes; K/M/G/T are powers of 1024, an optional trailing B) → bytes. */
export function parseSize(text: string): number | undefined {
  const m = /^(\d+)([kmgt]?)b?$/i.exec(text.trim());
  if (m === null) return undefined;
  return Number(m[1]) * (SIZE_UNITS[(m[2] ?? '').toLowerCase()] as number);
}

export { hostUsers } from './host-files.js';
