// The FieldInterpreter the normaliser uses, over interpret/'s public field
// interpreter. Two differences from `ausearch -i` matter here: auparse
// escapes unclassified values too (ausearch -i prints them as logged), and it
// names uring_op by number (3.0.9 knows no names). Unescaping and escaping of
// finished text go through interpret/ as well, by interpreting a value of the
// `escaped` kind: with escaping off it is print_escaped, and the hex of a text
// decodes back to that text before it is escaped.
import { createFieldInterpreter, fieldKind } from '../interpret/index.js';
import type { FieldContext, InterpretOptions } from '../interpret/index.js';
import type { FieldInterpreter, FieldKindTag, FieldRecordContext } from './field-interpreter.js';

export interface AuparseInterpretOptions extends InterpretOptions {
  /** getpwnam: the uid of a user name on the reading machine (the subject kind of an `acct`). */
  readonly uidOf?: (name: string) => number | undefined;
}

const TAGS: ReadonlyMap<string, FieldKindTag> = new Map([
  ['uid', 'uid'],
  ['gid', 'gid'],
  ['escaped-file', 'escaped-file'],
  ['sockaddr', 'sockaddr'],
  ['seccomp', 'seccomp'],
]);

/** Kinds whose printed value depends on the record (machine, syscall number, a0/a1), not on the value alone. */
const CONTEXT_KINDS = new Set(['syscall', 'arch', 'a0', 'a1', 'a2', 'a3']);
/** Most values remembered per kind before that kind's cache starts afresh. */
const CACHE_MAX = 4096;

export function createAuparseInterpreter(options: AuparseInterpretOptions = {}): FieldInterpreter {
  const mode = options.escape ?? 'tty';
  const escaped = createFieldInterpreter({ ...options, uringOp: 'number' });
  const raw = createFieldInterpreter({ ...options, uringOp: 'number', escape: 'raw' });
  const uidOf = options.uidOf ?? (() => undefined);
  // One context object of a fixed shape, reused (absent values are undefined, which interpret/ reads as absent).
  const context: { arch: string | undefined; syscall: string | undefined; a0: string | undefined; a1: string | undefined } = {
    arch: undefined,
    syscall: undefined,
    a0: undefined,
    a1: undefined,
  };
  // The same few values (uids, sessions, paths, syscall numbers) recur in
  // every event; a kind's printer depends only on the value (syscall names
  // also on the arch, cached apart), so results are remembered per kind.
  const byKind = new Map<string, Map<string, string>>();
  const syscallsByArch = new Map<string, Map<string, string>>();
  const remember = (caches: Map<string, Map<string, string>>, key: string): Map<string, string> => {
    let m = caches.get(key);
    if (m === undefined) caches.set(key, (m = new Map()));
    else if (m.size >= CACHE_MAX) m.clear();
    return m;
  };
  const escape = (text: string): string => {
    if (mode === 'raw' || !needsEscape(text)) return text;
    return escaped.interpretField(0, 'exe', toHex(text));
  };
  const compute = (record: FieldRecordContext, name: string, value: string): string => {
    context.arch = record.arch;
    context.syscall = record.syscall;
    context.a0 = record.a0;
    context.a1 = record.a1;
    return escaped.interpretField(record.recordType, name, value, context as unknown as FieldContext);
  };
  return {
    interpret(record: FieldRecordContext, name: string, value: string): string {
      const kind = fieldKind(record.recordType, name, value);
      if (kind === 'unclassified') return escape(value);
      if (kind === 'syscall') {
        const key = record.syscall;
        if (key === undefined) return compute(record, name, value);
        const cache = remember(syscallsByArch, record.arch ?? '');
        let out = cache.get(key);
        if (out === undefined) {
          out = compute(record, name, value);
          // socketcall and ipc are named with their a0 too: not the syscall's alone.
          if (!out.startsWith('socketcall') && !out.startsWith('ipc')) cache.set(key, out);
        }
        return out;
      }
      if (CONTEXT_KINDS.has(kind)) return compute(record, name, value);
      const cache = remember(byKind, kind);
      let out = cache.get(value);
      if (out === undefined) cache.set(value, (out = compute(record, name, value)));
      return out;
    },
    dependsOnRecord: (recordType, name, value) => CONTEXT_KINDS.has(fieldKind(recordType, name, value)),
    kind: (recordType, name, value) => TAGS.get(fieldKind(recordType, name, value)) ?? 'other',
    unescape: (value) => raw.interpretField(0, 'exe', value),
    escape,
    uidOf,
  };
}

/** Whether any escape mode could change the text (a control byte or a shell-special character). */
function needsEscape(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 || '"\'`$\\!()| ;#&*?[]<>{}'.includes(text[i] as string)) return true;
  }
  return false;
}

function toHex(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += (text.charCodeAt(i) & 0xff).toString(16).toUpperCase().padStart(2, '0');
  return out;
}
