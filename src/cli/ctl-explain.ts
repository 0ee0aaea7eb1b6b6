// `auspex ctl --explain EVENT_ID -if FILE [-R RULES_FILE] [--json]`: which rule
// on which list the kernel's filtering picks for a logged event, and why the
// others do not (detect/'s replay). EVENT_ID is `SEC.MS:SERIAL` as ausearch
// prints it, or the serial alone. The rules are the file's, replayed into an
// empty kernel in file order, or without -R the kernel's current ones.
import type { CommandIo } from './command-io.js';
import { readEvents, takeEventSource } from './event-input.js';
import { kernelRuleSet, ruleSetFromFile } from './ctl-rules-source.js';
import { explainEvent, explanationJson, formatExplanation } from '../detect/index.js';
import type { OwnerInfo, RuleSet } from '../detect/index.js';
import type { AuditEvent } from '../events/index.js';
import { decodeStringValue, parseFields } from '../format/index.js';
import { asciiJson } from '../output/index.js';

const MAX_OWNERS = 65536;

function parseEventId(text: string): { sec?: number; milli?: number; serial: number } | undefined {
  const full = /^(\d+)\.(\d{3}):(\d+)$/.exec(text);
  if (full !== null) return { sec: Number(full[1]), milli: Number(full[2]), serial: Number(full[3]) };
  return /^\d+$/.test(text) ? { serial: Number(text) } : undefined;
}

function rememberOwner(owners: Map<number, OwnerInfo>, event: AuditEvent): void {
  const sys = event.records.find((r) => r.type === 1300);
  if (sys === undefined) return;
  const f = new Map(parseFields(sys.body, sys.type).map((x) => [x.name, x.value]));
  const pid = Number(f.get('pid'));
  if (!Number.isSafeInteger(pid)) return;
  const n = (k: string): number | undefined => (/^\d+$/.test(f.get(k) ?? '') ? Number(f.get(k)) : undefined);
  const exe = f.get('exe');
  owners.delete(pid);
  owners.set(pid, { exe: exe === undefined || exe === '(null)' ? undefined : decodeStringValue(exe), auid: n('auid'), ses: n('ses') });
  if (owners.size > MAX_OWNERS) {
    const oldest = owners.keys().next();
    if (oldest.done !== true) owners.delete(oldest.value);
  }
}

/** Runs --explain; argv is ctl's argv without --json. */
export async function runExplain(argv: readonly string[], json: boolean, machine: string, io: CommandIo): Promise<number> {
  const err = (t: string): void => void io.stderr.write(t);
  const taken = takeEventSource(argv);
  if ('error' in taken) {
    err(`auspex ctl --explain: ${taken.error}\n`);
    return 2;
  }
  let id: ReturnType<typeof parseEventId>;
  let rulesFile: string | undefined;
  const rest = taken.rest;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i] as string;
    if (a === '--explain') id = parseEventId(rest[++i] ?? '');
    else if (a === '-R') rulesFile = rest[++i];
    else {
      err(`auspex ctl --explain: unexpected argument '${a}'\nusage: auspex ctl --explain EVENT_ID -if FILE [-R RULES_FILE] [--json]\n`);
      return 2;
    }
  }
  if (id === undefined) {
    err('auspex ctl --explain: EVENT_ID is SEC.MS:SERIAL (as ausearch prints it) or a serial\n');
    return 2;
  }
  let set: RuleSet;
  try {
    if (rulesFile !== undefined) {
      const { set: s, parsed } = ruleSetFromFile(rulesFile, machine);
      for (const e of parsed.errors) err(`${rulesFile}:${e.lineNo}: ${e.diagnostic.message} (line left out)\n`);
      set = s;
    } else {
      if (process.geteuid?.() !== 0) {
        err('auspex ctl --explain: reading the kernel\'s rules needs root; give a rules file with -R\n');
        return 4;
      }
      set = kernelRuleSet(machine);
    }
  } catch (e) {
    err(`auspex ctl --explain: ${(e as Error).message}\n`);
    return 1;
  }
  const owners = new Map<number, OwnerInfo>();
  const found: AuditEvent[] = [];
  const ownerOf = new Map<AuditEvent, OwnerInfo | undefined>();
  const want = id;
  const problem = await readEvents(taken.source, io, (event) => {
    const hit = event.serial === want.serial && (want.sec === undefined || (event.sec === want.sec && event.milli === want.milli));
    if (hit) {
      found.push(event);
      const u = event.records.find((r) => r.type === 1336);
      const pid = u === undefined ? undefined : Number(/ pid=(\d+)/.exec(u.body)?.[1]);
      ownerOf.set(event, pid === undefined ? undefined : owners.get(pid));
    }
    rememberOwner(owners, event);
  });
  if (problem !== undefined) {
    err(`auspex ctl --explain: ${problem.message}\n`);
    return 2;
  }
  if (found.length === 0) {
    err(`auspex ctl --explain: no event ${argv[argv.indexOf('--explain') + 1] ?? ''} in the input\n`);
    return 1;
  }
  if (found.length > 1) err(`auspex ctl --explain: ${found.length} events have serial ${want.serial}; give SEC.MS:SERIAL to pick one (explaining all)\n`);
  let disagree = false;
  for (const event of found) {
    const x = explainEvent(event, set, ownerOf.get(event));
    if (x.agrees === false) disagree = true;
    io.stdout.write(json ? `${asciiJson(explanationJson(x))}\n` : formatExplanation(x));
  }
  return disagree ? 3 : 0;
}
