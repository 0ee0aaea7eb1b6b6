// Text auspex ctl prints: auditctl's usage, its `-s` status block (plain and
// -i), the JSON forms of status and rule lists, and the decoded line of each
// message a --dry-run shows.
import type { AuditFeatures, AuditStatus } from '../kernel/index.js';
import { AUDIT_FIELD, decodeRule, isWatchRule, maskIsAll, maskNumbers, printRule } from '../rules/index.js';
import type { RuleSpec } from '../rules/index.js';

export const USAGE = `usage: auspex ctl [options]   (auditctl's options)
    -a <l,a>                          Append rule to end of <l>ist with <a>ction
    -A <l,a>                          Add rule at beginning of <l>ist with <a>ction
    -b <backlog>                      Set max number of outstanding audit buffers
                                      allowed Default=64
    -c                                Continue through errors in rules
    -C f=f                            Compare collected fields if available:
                                      Field name, operator(=,!=), field name
    -d <l,a>                          Delete rule from <l>ist with <a>ction
                                      l=task,exit,user,exclude,filesystem,io_uring
                                      a=never,always
    -D                                Delete all rules and watches
    -e [0..2]                         Set enabled flag
    -f [0..2]                         Set failure flag
                                      0=silent 1=printk 2=panic
    -F f=v                            Build rule: field name, operator(=,!=,<,>,<=,
                                      >=,&,&=) value
    -h                                Help
    -i                                Ignore errors when reading rules from file
    -k <key>                          Set filter key on audit rule
    -l                                List rules
    -m text                           Send a user-space message
    -p [r|w|x|a]                      Set permissions filter on watch
                                      r=read, w=write, x=execute, a=attribute
    -q <mount,subtree>                make subtree part of mount point's dir watches
    -r <rate>                         Set limit in messages/sec (0=none)
    -R <file>                         read rules from file
    -s                                Report status
    -S syscall                        Build rule: syscall name or number
                                      (io_uring op name or number on the io_uring list)
    --signal <signal>                 Send the specified signal to the daemon
    -t                                Trim directory watches
    -v                                Version
    -w <path>                         Insert watch at <path>
    -W <path>                         Remove watch at <path>
    --loginuid-immutable              Make loginuids unchangeable once set
    --backlog_wait_time               Set the kernel backlog_wait_time
    --reset-lost                      Reset the lost record counter
    --reset_backlog_wait_time_actual  Reset the actual backlog wait time counter
  auspex additions:
    --json                            -s and -l as JSON
    --dry-run                         Send nothing: print each netlink message
                                      (type, payload hex) and its decoded form
`;

const ENABLED = ['disable', 'enabled', 'enabled+immutable'];
const FAILURE = ['silent', 'printk', 'panic'];

/** auditctl's status block; `features` adds the loginuid_immutable line (-s, not after a setting). */
export function formatStatus(s: AuditStatus, interpret: boolean, features?: AuditFeatures): string {
  const lines = [
    `enabled ${interpret ? (ENABLED[s.enabled] ?? 'unknown') : s.enabled}`,
    `failure ${interpret ? (FAILURE[s.failure] ?? 'unknown') : s.failure}`,
    `pid ${s.pid}`,
    `rate_limit ${s.rateLimit}`,
    `backlog_limit ${s.backlogLimit}`,
    `lost ${s.lost}`,
    `backlog ${s.backlog}`,
    `backlog_wait_time ${s.backlogWaitTime}`,
  ];
  if (s.backlogWaitTimeActual !== undefined) lines.push(`backlog_wait_time_actual ${s.backlogWaitTimeActual}`);
  if (features !== undefined && (features.mask & 2) !== 0) {
    lines.push(`loginuid_immutable ${(features.features & 2) !== 0 ? 1 : 0} ${(features.lock & 2) !== 0 ? 'locked' : 'unlocked'}`);
  }
  return `${lines.join('\n')}\n`;
}

export function statusJson(s: AuditStatus, features?: AuditFeatures): Record<string, unknown> {
  const out: Record<string, unknown> = {
    enabled: s.enabled, failure: s.failure, pid: s.pid, rate_limit: s.rateLimit, backlog_limit: s.backlogLimit,
    lost: s.lost, backlog: s.backlog, feature_bitmap: s.featureBitmap, backlog_wait_time: s.backlogWaitTime,
  };
  if (s.backlogWaitTimeActual !== undefined) out.backlog_wait_time_actual = s.backlogWaitTimeActual;
  if (features !== undefined && (features.mask & 2) !== 0) {
    out.loginuid_immutable = { value: (features.features & 2) !== 0 ? 1 : 0, locked: (features.lock & 2) !== 0 };
  }
  return out;
}

/** A rule for --json: its -l line plus its parts. */
export function ruleJson(rule: RuleSpec, line: string): Record<string, unknown> {
  const keys = rule.fields.filter((f) => f.field === AUDIT_FIELD.FILTERKEY && f.kind === 'text')
    .flatMap((f) => (f.kind === 'text' ? f.text.split('\x01').filter((k) => k !== '') : []));
  return {
    rule: line,
    list: rule.list,
    action: rule.action,
    watch: isWatchRule(rule),
    syscalls: maskIsAll(rule.mask) ? 'all' : maskNumbers(rule.mask),
    fields: rule.fields.map((f) => (f.kind === 'text' ? { field: f.field, op: f.op, text: f.text } : { field: f.field, op: f.op, value: f.value })),
    keys,
  };
}

/** AUDIT_STATUS_* mask bit, field name, u32 slot in struct audit_status. */
const STATUS_SET_FIELDS: ReadonlyArray<readonly [number, string, number]> = [
  [0x1, 'enabled', 1], [0x2, 'failure', 2], [0x4, 'pid', 3], [0x8, 'rate_limit', 4], [0x10, 'backlog_limit', 5],
  [0x20, 'backlog_wait_time', 9], [0x40, 'lost', 6], [0x80, 'backlog_wait_time_actual', 10],
];

/** The decoded line of a --dry-run message. */
export function describeMessage(typeName: string, payload: Buffer, machine: string): string {
  if (typeName === 'AUDIT_ADD_RULE' || typeName === 'AUDIT_DEL_RULE') {
    const r = decodeRule(payload);
    return r.ok ? printRule(r.rule, { machine }) : `(undecodable rule: ${r.reason})`;
  }
  if (typeName === 'AUDIT_SET' && payload.length >= 44) {
    const mask = payload.readUInt32LE(0);
    const parts = [`mask=0x${mask.toString(16)}`];
    for (const [bit, name, slot] of STATUS_SET_FIELDS) {
      if ((mask & bit) !== 0) parts.push(`${name}=${payload.readUInt32LE(slot * 4)}`);
    }
    return parts.join(' ');
  }
  if (typeName === 'AUDIT_SET_FEATURE' && payload.length >= 16) {
    const [v, m, f, l] = [0, 4, 8, 12].map((o) => payload.readUInt32LE(o));
    return `version=${v} mask=0x${(m ?? 0).toString(16)} features=0x${(f ?? 0).toString(16)} lock=0x${(l ?? 0).toString(16)}`;
  }
  if (typeName === 'AUDIT_USER') return JSON.stringify(payload.toString('utf8').replace(/\0+$/, ''));
  if (typeName === 'AUDIT_MAKE_EQUIV' && payload.length >= 8) {
    const a = payload.readUInt32LE(0);
    return `mount=${payload.toString('utf8', 8, 8 + a)} subtree=${payload.toString('utf8', 8 + a)}`;
  }
  return payload.length === 0 ? '(no payload)' : `(${payload.length} bytes)`;
}
