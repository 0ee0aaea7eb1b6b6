// The two auditd.conf settings the search tools read, as ausearch does:
// where the logs are (log_file) and when an event is taken as complete
// (end_of_event_timeout). A missing file means auditd's built-in defaults.
import { readFileSync } from 'node:fs';

export const AUDITD_CONF = '/etc/audit/auditd.conf';

export interface AuditdSearchConfig {
  readonly logFile: string;
  readonly endOfEventTimeoutSec: number;
  /** False when the file could not be read and the defaults are in use. */
  readonly loaded: boolean;
}

const DEFAULTS: AuditdSearchConfig = { logFile: '/var/log/audit/audit.log', endOfEventTimeoutSec: 2, loaded: false };

export function readAuditdConf(path: string = AUDITD_CONF): AuditdSearchConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return DEFAULTS;
  }
  let logFile = DEFAULTS.logFile;
  let timeout = DEFAULTS.endOfEventTimeoutSec;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.length === 0 || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (key === 'log_file' && value.length > 0) logFile = value;
    else if (key === 'end_of_event_timeout' && /^\d+$/.test(value)) timeout = Number(value);
  }
  return { logFile, endOfEventTimeoutSec: timeout, loaded: true };
}
