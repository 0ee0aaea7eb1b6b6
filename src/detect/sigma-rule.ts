// One Sigma rule compiled from its YAML tree: metadata the alert must carry
// (id, title, author: the Detection Rule License requires the author in every
// match), its log source, and its detection as search identifiers (field maps,
// lists of maps, keyword lists, `'|all'` keyword maps) joined by the
// condition. Every mistake is a DetectError naming the file, the field path
// and the line.
import { DetectError } from './detect-error.js';
import type { DetectErrorCode } from './detect-error.js';
import { evaluateCondition, parseCondition } from './sigma-condition.js';
import type { Condition } from './sigma-condition.js';
import type { SigmaRecord } from './sigma-record.js';
import { checkModifiers, compileKeywordTest, compileValueTest } from './sigma-value.js';
import type { SigmaValue } from './sigma-value.js';
import { entryOf } from './sigma-yaml.js';
import type { YNode } from './sigma-yaml.js';

export interface SigmaRule {
  readonly file: string;
  readonly id: string | undefined;
  readonly title: string;
  readonly author: string | undefined;
  readonly level: string | undefined;
  readonly status: string | undefined;
  readonly logsource: Readonly<Record<string, string>>;
  /** Whether this record satisfies the rule's condition. */
  matches(record: SigmaRecord): boolean;
}

type RecordTest = (r: SigmaRecord) => boolean;

interface Ctx {
  readonly file: string;
}

function fail(ctx: Ctx, code: DetectErrorCode, field: string, line: number, reason: string): never {
  throw new DetectError(code, { file: ctx.file, field, line }, reason);
}

function scalarText(ctx: Ctx, node: YNode | undefined, field: string, line: number): string | undefined {
  if (node === undefined) return undefined;
  if (node.kind !== 'scalar') fail(ctx, 'E_SIGMA_FIELD', field, node.line || line, `expected text, found a ${node.kind === 'map' ? 'map' : 'list'}`);
  return node.isNull ? undefined : node.text;
}

/** A field value or a list of them, as Sigma values (null kept). */
function valuesOf(ctx: Ctx, node: YNode, field: string): SigmaValue[] {
  if (node.kind === 'scalar') return [node.isNull ? null : node.text];
  if (node.kind === 'seq') {
    return node.items.map((item, i) => {
      if (item.kind !== 'scalar') fail(ctx, 'E_SIGMA_VALUE', `${field}[${i}]`, item.line, 'a value list may hold only plain values');
      return item.isNull ? null : item.text;
    });
  }
  return fail(ctx, 'E_SIGMA_VALUE', field, node.line, 'a field value must be a value or a list of values, not a map');
}

function compileEntry(ctx: Ctx, key: string, value: YNode, field: string, line: number): RecordTest {
  const [name = '', ...modNames] = key.split('|');
  const mods = checkModifiers(modNames);
  if (!mods.ok) fail(ctx, 'E_SIGMA_MODIFIER', field, line, mods.reason);
  const values = valuesOf(ctx, value, field);
  try {
    if (name === '') {
      const test = compileKeywordTest(values, mods.modifiers);
      return (r) => test(r.texts);
    }
    const test = compileValueTest(values, mods.modifiers);
    return (r) => test(r.fields.get(name));
  } catch (e) {
    return fail(ctx, 'E_SIGMA_VALUE', field, line, (e as Error).message);
  }
}

function compileMap(ctx: Ctx, node: YNode & { kind: 'map' }, field: string): RecordTest {
  if (node.entries.length === 0) fail(ctx, 'E_SIGMA_FIELD', field, node.line, 'an empty map');
  const tests = node.entries.map((e) => compileEntry(ctx, e.key, e.value, `${field}.${e.key}`, e.line));
  return tests.length === 1 ? (tests[0] as RecordTest) : (r) => tests.every((t) => t(r));
}

function compileIdentifier(ctx: Ctx, node: YNode, field: string): RecordTest {
  if (node.kind === 'map') return compileMap(ctx, node, field);
  if (node.kind === 'scalar') {
    // A lone keyword written without a list.
    return compileEntry(ctx, '', node, field, node.line);
  }
  if (node.items.length === 0) fail(ctx, 'E_SIGMA_FIELD', field, node.line, 'an empty list');
  if (node.items.every((i) => i.kind === 'map')) {
    const tests = node.items.map((m, i) => compileMap(ctx, m as YNode & { kind: 'map' }, `${field}[${i}]`));
    return (r) => tests.some((t) => t(r));
  }
  if (node.items.every((i) => i.kind === 'scalar')) return compileEntry(ctx, '', node, field, node.line);
  return fail(ctx, 'E_SIGMA_FIELD', field, node.line, 'a list must hold either maps or keywords, not both');
}

function conditionTexts(ctx: Ctx, node: YNode, line: number): string[] {
  if (node.kind === 'scalar' && !node.isNull) return [node.text];
  if (node.kind === 'seq' && node.items.length > 0 && node.items.every((i) => i.kind === 'scalar' && !i.isNull)) {
    return node.items.map((i) => (i.kind === 'scalar' ? i.text : ''));
  }
  return fail(ctx, 'E_SIGMA_CONDITION', 'detection.condition', node.line || line, 'the condition must be text or a list of texts');
}

function metadata(ctx: Ctx, doc: YNode, key: string): string | undefined {
  const e = entryOf(doc, key);
  return e === undefined ? undefined : scalarText(ctx, e.value, key, e.line);
}

/** Compiles one rule document; throws DetectError. */
export function compileSigmaRule(doc: YNode, file: string): SigmaRule {
  const ctx: Ctx = { file };
  if (doc.kind !== 'map') fail(ctx, 'E_SIGMA_FIELD', '', doc.line, 'a rule must be a map');
  const title = metadata(ctx, doc, 'title');
  if (title === undefined || title.trim() === '') fail(ctx, 'E_SIGMA_FIELD', 'title', doc.line, 'missing');
  const logsourceEntry = entryOf(doc, 'logsource');
  if (logsourceEntry === undefined) fail(ctx, 'E_SIGMA_FIELD', 'logsource', doc.line, 'missing');
  if (logsourceEntry.value.kind !== 'map') fail(ctx, 'E_SIGMA_FIELD', 'logsource', logsourceEntry.line, 'must be a map');
  const logsource: Record<string, string> = {};
  for (const e of logsourceEntry.value.entries) {
    const v = scalarText(ctx, e.value, `logsource.${e.key}`, e.line);
    if (v !== undefined) logsource[e.key] = v;
  }
  const detection = entryOf(doc, 'detection');
  if (detection === undefined) fail(ctx, 'E_SIGMA_FIELD', 'detection', doc.line, 'missing');
  if (detection.value.kind !== 'map') fail(ctx, 'E_SIGMA_FIELD', 'detection', detection.line, 'must be a map');
  const identifiers = new Map<string, RecordTest>();
  let condition: YNode | undefined;
  let conditionLine = detection.line;
  for (const e of detection.value.entries) {
    if (e.key === 'condition') {
      condition = e.value;
      conditionLine = e.line;
      continue;
    }
    if (e.key === 'timeframe') continue;
    identifiers.set(e.key, compileIdentifier(ctx, e.value, `detection.${e.key}`));
  }
  if (condition === undefined) fail(ctx, 'E_SIGMA_CONDITION', 'detection.condition', detection.line, 'missing');
  const names = [...identifiers.keys()];
  const conditions: Condition[] = conditionTexts(ctx, condition, conditionLine).map((text) => {
    try {
      return parseCondition(text, names);
    } catch (err) {
      return fail(ctx, 'E_SIGMA_CONDITION', 'detection.condition', conditionLine, (err as Error).message);
    }
  });
  return {
    file,
    id: metadata(ctx, doc, 'id'),
    title,
    author: metadata(ctx, doc, 'author'),
    level: metadata(ctx, doc, 'level'),
    status: metadata(ctx, doc, 'status'),
    logsource,
    matches(record) {
      // Each identifier is tested at most once per record.
      const seen = new Map<string, boolean>();
      const test = (name: string): boolean => {
        let v = seen.get(name);
        if (v === undefined) {
          v = (identifiers.get(name) as RecordTest)(record);
          seen.set(name, v);
        }
        return v;
      };
      return conditions.some((c) => evaluateCondition(c, test));
    },
  };
}
