// The headings aureport 3.0.9 prints before a report (print_title): a blank
// line, then the report's name, rules and column names. Summaries of a
// --failed or --success run say so first.
import type { AureportKind, OutcomeFilter } from './options.js';

const rule = (n: number): string => '='.repeat(n);

/** [name, width of the rules, column line]; the main summary has no columns. */
const SUMMARY_TITLES: Readonly<Record<Exclude<AureportKind, 'time' | 'tty'>, readonly [string, number, string | undefined]>> = {
  summary: ['Summary Report', 22, undefined],
  avc: ['Avc Object Summary Report', 33, 'total  obj'],
  mac: ['MAC Summary Report', 18, 'total  type'],
  integrity: ['Integrity Summary Report', 24, 'total  type'],
  virt: ['Virtualization Summary Report', 29, 'total  type'],
  config: ['Config Change Summary Report', 28, 'total  type'],
  auth: ['Authentication Summary Report', 29, 'total  acct'],
  login: ['Login Summary Report', 28, 'total  auid'],
  account: ['Acct Modification Summary Report', 32, 'total  type'],
  event: ['Event Summary Report', 22, 'total  type'],
  file: ['File Summary Report', 27, 'total  file'],
  host: ['Host Summary Report', 27, 'total  host'],
  pid: ['Pid Summary Report', 26, 'total  pid'],
  syscall: ['Syscall Summary Report', 26, 'total  syscall'],
  terminal: ['Terminal Summary Report', 31, 'total  terminal'],
  user: ['User Summary Report', 27, 'total  auid'],
  exe: ['Executable Summary Report', 33, 'total  file'],
  comm: ['Command Summary Report', 33, 'total  command'],
  anomaly: ['Anomaly Summary Report', 22, 'total  type'],
  response: ['Anomaly Response Summary Report', 31, 'total  type'],
  crypto: ['Crypto Summary Report', 21, 'total  type'],
  key: ['Key Summary Report', 27, 'total  key'],
};

/** Summary title, or undefined for the reports aureport has no summary of (it then stops: "Unimplemented option"). */
export function summaryTitle(kind: AureportKind, outcome: OutcomeFilter): string | undefined {
  if (kind === 'time' || kind === 'tty') return undefined;
  const [name, width, columns] = SUMMARY_TITLES[kind];
  const prefix = outcome === 'failed' ? 'Failed ' : outcome === 'success' ? 'Success ' : '';
  const head = `\n${prefix}${name}\n${rule(width)}\n`;
  return columns === undefined ? head : `${head}${columns}\n${rule(width)}\n`;
}

/** [name, rule width, column line, width of the rule under the columns (when it differs)]. */
const DETAILED_TITLES: Readonly<Record<Exclude<AureportKind, 'summary' | 'time'>, readonly [string, number, string, number?]>> = {
  avc: ['AVC Report', 63, '# date time comm subj syscall class permission obj result event'],
  config: ['Config Change Report', 35, '# date time type auid success event'],
  auth: ['Authentication Report', 44, '# date time acct host term exe success event'],
  login: ['Login Report', 44, '# date time auid host term exe success event'],
  account: ['Account Modifications Report', 49, '# date time auid addr term exe acct success event'],
  event: ['Event Report', 35, '# date time event type auid success'],
  file: ['File Report', 47, '# date time file syscall success exe auid event'],
  host: ['Host Report', 35, '# date time host syscall auid event'],
  pid: ['Process ID Report', 38, '# date time pid exe syscall auid event'],
  syscall: ['Syscall Report', 39, '# date time syscall pid comm auid event'],
  terminal: ['Terminal Report', 36, '# date time term host exe auid event'],
  user: ['User ID Report', 36, '# date time auid term host exe event'],
  exe: ['Executable Report', 36, '# date time exe term host auid event'],
  comm: ['Command Report', 36, '# date time comm term host auid event', 37],
  anomaly: ['Anomaly Report', 41, '# date time type exe term host auid event'],
  response: ['Response to Anomaly Report', 30, '# date time type success event'],
  mac: ['MAC Report', 35, '# date time auid type success event'],
  integrity: ['Integrity Report', 30, '# date time type success event'],
  virt: ['Virtualization Report', 30, '# date time type success event'],
  crypto: ['Crypto Report', 35, '# date time auid type success event'],
  key: ['Key Report', 47, '# date time key success exe auid event'],
  tty: ['TTY Report', 47, '# date time event auid term sess comm data'],
};

export function detailedTitle(kind: AureportKind): string {
  if (kind === 'time') return '\nLog Time Range Report\n=====================\n';
  if (kind === 'summary') return '\n';
  const [name, width, columns, below] = DETAILED_TITLES[kind];
  return `\n${name}\n${rule(width)}\n${columns}\n${rule(below ?? width)}\n`;
}
