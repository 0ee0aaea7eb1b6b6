// The option summary `auspex report --help` prints, and prints on stdout after
// a bad option (as aureport does): aureport 3.0.9's options and auspex's own.
const OPTIONS: ReadonlyArray<readonly [string, string]> = [
  ['-a,--avc', 'Avc report'],
  ['-au,--auth', 'Authentication report'],
  ['--bpf', 'BPF programs loaded and unloaded (auspex)'],
  ['--comm', 'Commands run report'],
  ['--container', 'Events per container identity (auspex)'],
  ['-c,--config', 'Config change report'],
  ['-cr,--crypto', 'Crypto report'],
  ['--db <path>', 'Read the event store instead of the logs (auspex)'],
  ['--debug', 'Write malformed events that are skipped to stderr'],
  ['--eoe-timeout secs', 'End of Event Timeout'],
  ['-e,--event', 'Event report'],
  ['--escape option', 'Escape output'],
  ['-f,--file', 'File name report'],
  ['--failed', 'only failed events in report'],
  ['-h,--host', 'Remote Host name report'],
  ['--help', 'help'],
  ['-i,--interpret', 'Interpretive mode'],
  ['-if,--input <Input File name>', 'use this file as input'],
  ['--input-logs', 'Use the logs even if stdin is a pipe'],
  ['--integrity', 'Integrity event report'],
  ['--json', 'JSON output of --uring, --bpf, --container (auspex)'],
  ['-k,--key', 'Key report'],
  ['-l,--login', 'Login report'],
  ['-m,--mods', 'Modification to accounts report'],
  ['-ma,--mac', 'Mandatory Access Control (MAC) report'],
  ['-n,--anomaly', 'aNomaly report'],
  ['-nc,--no-config', "Don't include config events"],
  ['--node <node name>', 'Only events from a specific node'],
  ['-p,--pid', 'Pid report'],
  ['-r,--response', 'Response to anomaly report'],
  ['-s,--syscall', 'Syscall report'],
  ['--success', 'only success events in report'],
  ['--summary', 'sorted totals for main object in report'],
  ['-t,--log', 'Log time range report'],
  ['-te,--end [end date] [end time]', 'ending date & time for reports'],
  ['-tm,--terminal', 'TerMinal name report'],
  ['-ts,--start [start date] [start time]', 'starting data & time for reports'],
  ['--tty', 'Report about tty keystrokes'],
  ['-u,--user', 'User name report'],
  ['--uring', 'io_uring operations per exe and user (auspex)'],
  ['-v,--version', 'Version'],
  ['--virt', 'Virtualization report'],
  ['-x,--executable', 'eXecutable name report'],
];

const TAB = 8;
const TEXT_COLUMN = 5 * TAB;

/** aureport's layout: a tab, the option, tabs up to column 40 (at least one), the text. */
export function reportUsage(): string {
  let out = 'usage: auspex report [options]\n';
  for (const [opt, text] of OPTIONS) {
    let col = TAB + opt.length;
    let tabs = '';
    do {
      col = (Math.floor(col / TAB) + 1) * TAB;
      tabs += '\t';
    } while (col < TEXT_COLUMN);
    out += `\t${opt}${tabs}${text}\n`;
  }
  return `${out}\tIf no report is given, the summary report will be displayed\n`;
}
