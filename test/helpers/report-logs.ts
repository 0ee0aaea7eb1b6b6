// The logs whose aureport readings the report tests compare (the corpus, the
// sample logs, the auparse test logs: those present beside the repository),
// and a user database that names nobody.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { UserDb } from '../../src/query/index.js';
import { corpusFile, oraclesDir, repoRoot } from './paths.js';

/** The corpus's and the project's sample logs, RAW then ENRICHED each. */
export const CORPUS_AND_SAMPLE_LOGS: readonly string[] = [
  corpusFile('raw.log'), corpusFile('enriched.log'),
  join(repoRoot, 'data/sample/audit-raw.log'), join(repoRoot, 'data/sample/audit-enriched.log'),
];

/** Those and the auparse test logs, whether present or not (a test skips the missing by name). */
export const REPORT_LOG_PATHS: readonly string[] = [
  ...CORPUS_AND_SAMPLE_LOGS,
  ...['test.log', 'test2.log', 'test3.log', 'test4.log'].map((f) => join(oraclesDir, 'audit-userspace/auparse-test', f)),
];

/** The present ones. */
export const REPORT_LOGS: readonly string[] = REPORT_LOG_PATHS.filter((p) => existsSync(p));

export const NO_USERS: UserDb = { userName: () => undefined, uidOf: () => undefined, gidOf: () => undefined };
