// A Sigma rule's YAML as a small tree that keeps what matching needs and the
// `yaml` package's parse loses in plain JS values: every scalar's source text
// (`0644` stays `0644`, `40000` stays `40000`: Sigma compares values as
// strings), whether it was written plain (an unquoted `null` is null), and
// the line of each node for error messages. Parsed with the failsafe schema,
// so nothing is converted behind our back.
import { LineCounter, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import { DetectError } from './detect-error.js';

export type YNode =
  | { readonly kind: 'map'; readonly line: number; readonly entries: ReadonlyArray<{ readonly key: string; readonly line: number; readonly value: YNode }> }
  | { readonly kind: 'seq'; readonly line: number; readonly items: readonly YNode[] }
  | { readonly kind: 'scalar'; readonly line: number; readonly text: string; readonly isNull: boolean };

const NULL_WORDS = new Set(['', '~', 'null', 'Null', 'NULL']);

/** The documents of one file (Sigma rule collections use `---`); throws DetectError on bad YAML. */
export function parseYamlDocuments(text: string, file: string): YNode[] {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { schema: 'failsafe', lineCounter: lines, uniqueKeys: true });
  if (!Array.isArray(docs)) throw new DetectError('E_SIGMA_YAML', { file, field: '', line: 0 }, 'not a YAML document');
  const out: YNode[] = [];
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err !== undefined) {
      const line = err.linePos?.[0].line ?? 0;
      throw new DetectError('E_SIGMA_YAML', { file, field: '', line }, `YAML: ${err.message.split('\n')[0] ?? err.message}`);
    }
    if (doc.contents === null) continue;
    out.push(convert(doc.contents as YamlNode, lines, file));
  }
  return out;
}

function lineOf(node: { range?: readonly number[] | null | undefined }, lines: LineCounter): number {
  const start = node.range?.[0];
  return start === undefined ? 0 : lines.linePos(start).line;
}

function convert(node: YamlNode | null, lines: LineCounter, file: string): YNode {
  if (node === null) return { kind: 'scalar', line: 0, text: '', isNull: true };
  const line = lineOf(node, lines);
  if (isMap(node)) {
    const entries = node.items.map((pair) => {
      const key = pair.key as YamlNode | null;
      if (key === null || !isScalar(key)) throw new DetectError('E_SIGMA_YAML', { file, field: '', line }, 'a map key is not a plain string');
      return { key: String(key.value), line: lineOf(key, lines), value: convert(pair.value as YamlNode | null, lines, file) };
    });
    return { kind: 'map', line, entries };
  }
  if (isSeq(node)) return { kind: 'seq', line, items: node.items.map((n) => convert(n as YamlNode | null, lines, file)) };
  if (isScalar(node)) {
    const text = node.value === null || node.value === undefined ? '' : String(node.value);
    const plain = node.type === 'PLAIN' || node.type === undefined;
    return { kind: 'scalar', line, text, isNull: node.value === null || (plain && NULL_WORDS.has(text)) };
  }
  throw new DetectError('E_SIGMA_YAML', { file, field: '', line }, 'aliases and tags are not supported');
}

/** The entry `key` of a map node, if any. */
export function entryOf(node: YNode, key: string): { readonly line: number; readonly value: YNode } | undefined {
  return node.kind === 'map' ? node.entries.find((e) => e.key === key) : undefined;
}
