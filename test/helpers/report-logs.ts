// The logs whose aureport readings the report tests compare (the corpus, the
// sample logs, the auparse test logs: those present beside the repository),
// and a user database that names nobody.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { UserDb } from '../../src/query/index.js';
import { corpusFile, oraclesDir, repoRoot } from './paths.js';

export const REPORT_LOGS: readonly string[] = [
  corpusFile('raw.log'), corpusFile('enriched.log'),
  join(repoRoot, 'data/sample/audit-raw.log'), join(repoRoot, 'data/sample/audit-enriched.log'),
  ...['test.log', 'test2.log', 'test3.log', 'test4.log'].map((f) => join(oraclesDir, 'audit-userspace/auparse-test', f)),
].filter((p) => existsSync(p));

export const NO_USERS: UserDb = { userName: () => undefined, uidOf: () => undefined, gidOf: () => undefined };
