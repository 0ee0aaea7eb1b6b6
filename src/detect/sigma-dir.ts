// Reads a Sigma rule directory: every .yml / .yaml file below it, in sorted
// path order so alerts come out in the same order on every run. A file that
// does not load stops the load with its DetectError (file, field, line): a
// detection set that silently lost a rule is worse than none.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadSigmaText } from './sigma-detector.js';
import type { LoadedRules } from './sigma-detector.js';
import type { SigmaRule } from './sigma-rule.js';

function ruleFiles(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) ruleFiles(p, out);
    else if (/\.ya?ml$/i.test(name)) out.push(p);
  }
  return out;
}

/** Loads every rule under `dir` (or the one file `dir` names); file names in alerts are relative to it. */
export function loadSigmaDir(dir: string): LoadedRules {
  const isDir = statSync(dir).isDirectory();
  const files = isDir ? ruleFiles(dir, []) : [dir];
  const rules: SigmaRule[] = [];
  const skipped: Array<LoadedRules['skipped'][number]> = [];
  for (const f of files) {
    const loaded = loadSigmaText(readFileSync(f, 'utf8'), isDir ? relative(dir, f) : f);
    rules.push(...loaded.rules);
    skipped.push(...loaded.skipped);
  }
  return { rules, skipped };
}
