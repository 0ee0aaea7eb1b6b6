// Rules files as auditctl -R reads them: one command per line, words split on
// spaces (`\ ` keeps a space, `\\` a backslash), blank lines and lines whose
// first word starts with # skipped, line numbers kept for messages. Like
// augenrules, a `-e 2` line moves to the end so nothing follows the lock.

export interface RulesFileLine {
  /** 1-based line number in the file. */
  readonly lineNo: number;
  readonly args: readonly string[];
}

/** auditctl reads lines into a 6144-byte buffer; longer lines are cut into pieces. */
export const RULES_LINE_MAX = 6143;

/** Splits one line into words as auditctl's preprocess + audit_strsplit + postprocess. */
export function splitRuleLine(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === '\\' && (line[i + 1] === ' ' || line[i + 1] === '\\')) {
      cur += line[i + 1];
      inWord = true;
      i++;
      continue;
    }
    if (c === ' ') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
      continue;
    }
    cur += c;
    inWord = true;
  }
  if (inWord) words.push(cur);
  return words;
}

function isLockLine(args: readonly string[]): boolean {
  return (args.length === 2 && args[0] === '-e' && args[1] === '2') || (args.length === 1 && args[0] === '-e2');
}

/** The commands of a rules file, `-e 2` lines moved last. */
export function readRulesFile(text: string): RulesFileLine[] {
  const lines: RulesFileLine[] = [];
  const locks: RulesFileLine[] = [];
  const raw = text.split('\n');
  if (raw.length > 0 && raw[raw.length - 1] === '') raw.pop();
  raw.forEach((line, i) => {
    const args = splitRuleLine(line.slice(0, RULES_LINE_MAX));
    if (args.length === 0 || (args[0] as string).startsWith('#')) return;
    const entry = { lineNo: i + 1, args };
    (isLockLine(args) ? locks : lines).push(entry);
  });
  return [...lines, ...locks];
}
