// What aureport's main summary needs from `report_events`, kept small as
// rows are added: event counts by what decides the per-event counters
// (record types, outcome, any syscall), and the distinct users, terminals,
// hosts, executables, commands, files, keys and pids — each with the
// dimensions the summary's filters look at (outcome, node, whether the event
// is a configuration change, whether it is malformed with or without -i).
// The summary then reads thousands of rows, not millions. Rows repeat across
// transactions (each adds its own); the summary counts distinct values.

/** Kinds of distinct values, as stored in summary_values.kind. */
export const VALUE_KINDS = ['users', 'terminals', 'hosts', 'executables', 'commands', 'files', 'keys', 'pids'] as const;
export type ValueKind = (typeof VALUE_KINDS)[number];

const CONFIG_CHANGE = 1305;
const DIMENSIONS = `success, node, head_type = ${CONFIG_CHANGE} AS config, bad, bad_i`;

export const ROLLUP_TABLES = [
  'CREATE TABLE summary_counts (types VARCHAR NOT NULL, success INTEGER NOT NULL, any_syscall BOOLEAN NOT NULL, node VARCHAR, ' +
    'config BOOLEAN NOT NULL, bad BOOLEAN NOT NULL, bad_i BOOLEAN NOT NULL, events BIGINT NOT NULL)',
  'CREATE TABLE summary_values (kind UTINYINT NOT NULL, value VARCHAR NOT NULL, success INTEGER NOT NULL, node VARCHAR, ' +
    'config BOOLEAN NOT NULL, bad BOOLEAN NOT NULL, bad_i BOOLEAN NOT NULL)',
] as const;

/** The rollup rows of the report_events rows matching `where` (e.g. `seq >= 1000`). */
export function rollupInserts(where: string): readonly string[] {
  const from = `FROM report_events WHERE ${where}`;
  const kind = (k: ValueKind): number => VALUE_KINDS.indexOf(k);
  const part = (k: ValueKind, value: string, cond: string): string => `SELECT ${kind(k)}, ${value}, ${DIMENSIONS} ${from} AND ${cond}`;
  const listPart = (k: ValueKind, list: string, cond: string): string =>
    `SELECT ${kind(k)}, v, success, node, config, bad, bad_i FROM (SELECT unnest(${list}) AS v, ${DIMENSIONS} ${from} AND ${list} IS NOT NULL) WHERE ${cond}`;
  return [
    `INSERT INTO summary_counts SELECT types, success, syscall > 0, node, head_type = ${CONFIG_CHANGE}, bad, bad_i, count(*) ${from} GROUP BY ALL`,
    `INSERT INTO summary_values SELECT DISTINCT * FROM (${[
      part('users', 'loginuid::VARCHAR', 'loginuid <> -2'),
      part('terminals', 'terminal', 'terminal IS NOT NULL'),
      part('hosts', 'hostname', 'hostname IS NOT NULL'),
      part('executables', 'exe', 'exe IS NOT NULL'),
      part('commands', 'comm', 'comm IS NOT NULL'),
      listPart('files', 'files', 'true'),
      listPart('keys', 'keys', "v <> '(null)'"),
      part('pids', 'pid::VARCHAR', 'pid <> -1'),
    ].join(' UNION ALL ')})`,
  ];
}

/** Statements that rebuild both rollups from report_events (after retention, or rows added another way). */
export function rollupRebuild(): readonly string[] {
  return ['DELETE FROM summary_counts', 'DELETE FROM summary_values', ...rollupInserts('true')];
}
