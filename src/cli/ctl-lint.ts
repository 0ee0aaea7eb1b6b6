// `auspex ctl --lint RULES_FILE [--json]`: the rules file read as auditctl -R
// would load it into an empty kernel, then checked (detect/'s lint): lines
// auditctl refuses, rules the kernel refuses, rules that can never match or
// never be reached. Exit 0 clean, 1 with findings, 2 unreadable file.
import type { CommandIo } from './command-io.js';
import { ruleSetFromFile } from './ctl-rules-source.js';
import { formatFinding, lintRuleSet } from '../detect/index.js';
import type { LintFinding } from '../detect/index.js';
import { asciiJson } from '../output/index.js';

export function runLint(args: readonly string[], json: boolean, machine: string, io: CommandIo): number {
  const at = args.indexOf('--lint');
  const path = args[at + 1];
  if (path === undefined || args.length !== 2) {
    io.stderr.write('usage: auspex ctl --lint RULES_FILE [--json]\n');
    return 2;
  }
  let findings: LintFinding[];
  try {
    const { set, parsed } = ruleSetFromFile(path, machine);
    findings = [
      ...parsed.errors.map((e): LintFinding => ({ severity: 'error', code: 'parse', source: `${path}:${e.lineNo}`, rule: e.args.join(' '), message: e.diagnostic.message.trim() })),
      ...parsed.warnings.map((w): LintFinding => ({ severity: 'warning', code: 'parse', source: `${path}:${w.lineNo}`, rule: '', message: w.text })),
      ...lintRuleSet(set, machine),
    ];
  } catch (e) {
    io.stderr.write(`auspex ctl --lint: ${(e as Error).message}\n`);
    return 2;
  }
  findings.sort((a, b) => lineOf(a.source) - lineOf(b.source));
  if (json) io.stdout.write(`${asciiJson(findings)}\n`);
  else for (const f of findings) io.stdout.write(formatFinding(f));
  return findings.length === 0 ? 0 : 1;
}

function lineOf(source: string): number {
  const n = Number(/:(\d+)$/.exec(source)?.[1]);
  return Number.isFinite(n) ? n : 0;
}
