// RuleSpec ⇄ `struct audit_rule_data` bytes (little-endian, as the kernel on
// x86_64/aarch64 reads them): flags, action, field_count, mask[64], fields[64],
// values[64], fieldflags[64], buflen, buf; padded to 4 bytes as netlink sends it.
import { AUDIT_FIELD as F, AUDIT_LIMIT, AUDIT_LIST, AUDIT_OPERATOR } from './audit-constants.gen.js';
import { MASK_WORDS } from './rule-spec.js';
import type { RuleField, RuleSpec } from './rule-spec.js';

const SLOTS = AUDIT_LIMIT.MAX_FIELDS;
const OFF_MASK = 12;
const OFF_FIELDS = OFF_MASK + 4 * MASK_WORDS;
const OFF_VALUES = OFF_FIELDS + 4 * SLOTS;
const OFF_FLAGS = OFF_VALUES + 4 * SLOTS;
const OFF_BUFLEN = OFF_FLAGS + 4 * SLOTS;
/** sizeof(struct audit_rule_data) without buf. */
export const RULE_HEADER_SIZE = OFF_BUFLEN + 4;

/** Fields whose value is a string in `buf` (the kernel's and auditctl's test). */
export function isStringField(field: number): boolean {
  return (field >= F.SUBJ_USER && field <= F.OBJ_LEV_HIGH && field !== F.PPID) ||
    field === F.WATCH || field === F.DIR || field === F.FILTERKEY || field === F.EXE;
}

export function encodeRule(rule: RuleSpec): Buffer {
  const strings = rule.fields.map((f) => (f.kind === 'text' ? Buffer.from(f.text, 'utf8') : undefined));
  const buflen = strings.reduce((n, s) => n + (s?.length ?? 0), 0);
  const size = RULE_HEADER_SIZE + buflen;
  const out = Buffer.alloc((size + 3) & ~3);
  out.writeUInt32LE((rule.list | (rule.prepend ? AUDIT_LIST.PREPEND : 0)) >>> 0, 0);
  out.writeUInt32LE(rule.action >>> 0, 4);
  out.writeUInt32LE(rule.fields.length, 8);
  for (let i = 0; i < MASK_WORDS; i++) out.writeUInt32LE((rule.mask[i] ?? 0) >>> 0, OFF_MASK + 4 * i);
  let at = RULE_HEADER_SIZE;
  rule.fields.forEach((f, i) => {
    const s = strings[i];
    out.writeUInt32LE(f.field >>> 0, OFF_FIELDS + 4 * i);
    out.writeUInt32LE(f.op >>> 0, OFF_FLAGS + 4 * i);
    out.writeUInt32LE(s !== undefined ? s.length : f.kind === 'int' ? f.value >>> 0 : 0, OFF_VALUES + 4 * i);
    if (s !== undefined) {
      s.copy(out, at);
      at += s.length;
    }
  });
  out.writeUInt32LE(buflen, OFF_BUFLEN);
  return out;
}

export type DecodeResult =
  | { readonly ok: true; readonly rule: RuleSpec }
  | { readonly ok: false; readonly reason: string };

/** Reads a rule as the kernel lists it (AUDIT_LIST_RULES payload). Never throws. */
export function decodeRule(bytes: Uint8Array): DecodeResult {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < RULE_HEADER_SIZE) return { ok: false, reason: `rule data is ${buf.length} bytes, shorter than ${RULE_HEADER_SIZE}` };
  const flags = buf.readUInt32LE(0);
  const count = buf.readUInt32LE(8);
  if (count > SLOTS) return { ok: false, reason: `field_count ${count} exceeds ${SLOTS}` };
  const buflen = buf.readUInt32LE(OFF_BUFLEN);
  if (RULE_HEADER_SIZE + buflen > buf.length) return { ok: false, reason: `buflen ${buflen} runs past the ${buf.length}-byte message` };
  const mask: number[] = [];
  for (let i = 0; i < MASK_WORDS; i++) mask.push(buf.readUInt32LE(OFF_MASK + 4 * i));
  const fields: RuleField[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    // Old kernels and tools put the operator in fields[i] as well; keep the field number only.
    const field = (buf.readUInt32LE(OFF_FIELDS + 4 * i) & ~(AUDIT_OPERATOR.OPERATORS | AUDIT_OPERATOR.NEGATE)) >>> 0;
    const op = (buf.readUInt32LE(OFF_FLAGS + 4 * i) & AUDIT_OPERATOR.OPERATORS) >>> 0;
    const value = buf.readUInt32LE(OFF_VALUES + 4 * i);
    if (isStringField(field)) {
      if (at + value > buflen) return { ok: false, reason: `string of field ${i} runs past buflen ${buflen}` };
      fields.push({ kind: 'text', field, op, text: buf.toString('utf8', RULE_HEADER_SIZE + at, RULE_HEADER_SIZE + at + value) });
      at += value;
    } else {
      fields.push({ kind: 'int', field, op, value });
    }
  }
  return {
    ok: true,
    rule: { list: flags & 0x07, prepend: (flags & AUDIT_LIST.PREPEND) !== 0, action: buf.readUInt32LE(4), mask, fields },
  };
}

/**
 * The rule as the kernel will list it back: it expands and clears the 16
 * syscall-class bits at the top of the mask (audit_to_entry_common), so "all"
 * reads back with mask[63] = 0x0000ffff. Class expansion itself only matters
 * when a class bit is set without the rest of the mask, which auditctl never sends.
 */
export function asKernelListsIt(rule: RuleSpec): RuleSpec {
  const mask = [...rule.mask];
  mask[MASK_WORDS - 1] = ((mask[MASK_WORDS - 1] ?? 0) & 0x0000ffff) >>> 0;
  // Nor does it keep the prepend flag: -A only decides where the rule goes.
  return { ...rule, prepend: false, mask };
}
