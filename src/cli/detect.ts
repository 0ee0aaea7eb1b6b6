// `auspex detect --rules DIR (-if FILE… | --db PATH) [--json]`: Sigma rules for
// the auditd log source run over audit logs. One alert per rule and event:
// a text line, or with --json a JSON line led by RuleId, Title and Author (the
// rules' licence requires the author in every match). Exit 0 with alerts, 1
// without, 2 for a bad command line or a rule that does not load (the message
// names the file, the field and the line).
import type { CommandIo } from './command-io.js';
import type { Command } from './main.js';
import { readEvents, takeEventSource } from './event-input.js';
import { usageExit } from './command-args.js';
import { DetectError, SigmaDetector, alertJson, loadSigmaDir } from '../detect/index.js';
import type { LoadedRules, SigmaAlert } from '../detect/index.js';
import { asciiJson, escapeForTerminal } from '../output/index.js';
import { OutputSink } from './output-sink.js';

const USAGE = `usage: auspex detect --rules DIR [--rules DIR...] (-if FILE... | --db PATH) [--json]

  --rules DIR   Sigma rules (.yml/.yaml, searched recursively; a file also works);
                only rules for the Linux auditd log source are used
  -if FILE      audit log (repeatable; - for stdin; a directory reads its audit.log set)
  --json        one JSON line per alert: RuleId, Title, Author, Level, Status, Rule, Event, Records
Exit: 0 alerts found, 1 none, 2 bad usage or a rule that does not load.
`;

function textLine(a: SigmaAlert): string {
  const j = alertJson(a);
  const ev = j.Event as { time: string; id: string };
  const records = a.records.map((r) => r.type).join(',');
  const esc = (s: string | undefined | null): string => escapeForTerminal(s ?? '-', 'tty');
  return `${ev.time} ${esc(a.rule.level)} ${esc(a.rule.title)} (rule ${esc(a.rule.id)}, author ${esc(a.rule.author)}) event ${ev.id} ${records} [${esc(String(j.Rule))}]\n`;
}

async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  const err = (t: string): void => void io.stderr.write(t);
  if (argv.includes('--help') || argv.includes('-h')) return usageExit('help', 'detect', USAGE, io);
  const taken = takeEventSource(argv);
  if ('error' in taken) return usageExit(taken, 'detect', USAGE, io);
  const ruleDirs: string[] = [];
  let json = false;
  for (let i = 0; i < taken.rest.length; i++) {
    const a = taken.rest[i] as string;
    if (a === '--json') json = true;
    else if (a === '--rules') {
      const d = taken.rest[++i];
      if (d === undefined) return usageExit({ error: '--rules needs a directory' }, 'detect', USAGE, io);
      ruleDirs.push(d);
    } else {
      return usageExit({ error: `unknown argument '${a}'` }, 'detect', USAGE, io);
    }
  }
  if (ruleDirs.length === 0) return usageExit({ error: 'give --rules DIR' }, 'detect', USAGE, io);
  const loaded: LoadedRules[] = [];
  try {
    for (const d of ruleDirs) loaded.push(loadSigmaDir(d));
  } catch (e) {
    if (e instanceof DetectError) {
      err(`auspex detect: ${e.message}\n`);
      return 2;
    }
    err(`auspex detect: ${(e as Error).message}\n`);
    return 2;
  }
  const rules = loaded.flatMap((l) => l.rules);
  const skipped = loaded.flatMap((l) => l.skipped);
  if (skipped.length > 0) err(`auspex detect: ${skipped.length} rule(s) for other log sources skipped\n`);
  if (rules.length === 0) {
    err('auspex detect: no rule for the auditd log source\n');
    return 2;
  }
  const detector = new SigmaDetector(rules);
  const out = new OutputSink(io.stdout);
  const problem = await readEvents(taken.source, io, (event) => {
    for (const a of detector.detect(event)) out.write(json ? `${asciiJson(alertJson(a))}\n` : textLine(a));
  });
  await out.end();
  if (problem !== undefined) {
    err(`auspex detect: ${problem.message}\n`);
    return 2;
  }
  return detector.alerts > 0 ? 0 : 1;
}

export const detectCommand: Command = {
  summary: 'run Sigma rules (auditd log source) over audit logs; alerts as text or JSON lines',
  run,
};
