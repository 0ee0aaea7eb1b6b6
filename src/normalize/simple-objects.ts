// The object of a single-record event, by record type (libauparse
// find_simple_object and its secondary / second-object companions): which
// field names the object and what kind of thing it is. Locations always name
// record 0, as auparse's do.
import { UNSET, at } from './normalized.js';
import type { FieldLocation } from './normalized.js';
import type { NormRun } from './norm-run.js';
import { named } from './tables.js';

interface ObjectRule {
  /** Field names tried in turn (a later one from the event's first record). */
  readonly fields: readonly string[];
  readonly kind: string | undefined;
  /** Search from the first record (auparse_first_record) rather than the current record's first field. */
  readonly restart?: boolean;
}

const RULES = new Map<number, ObjectRule>();
function rule(types: readonly string[], r: ObjectRule): void {
  for (const t of types) RULES.set(named(t), r);
}
rule(['SERVICE_START', 'SERVICE_STOP'], { fields: ['unit'], kind: 'service' });
rule(['SYSTEM_RUNLEVEL'], { fields: ['new-level'], kind: 'system' });
rule(['USER_ROLE_CHANGE'], { fields: ['selected-context'], kind: 'user-session' });
rule(['ROLE_ASSIGN', 'ROLE_REMOVE', 'USER_MGMT', 'ACCT_LOCK', 'ACCT_UNLOCK', 'ADD_USER', 'DEL_USER', 'ADD_GROUP', 'DEL_GROUP', 'GRP_MGMT'], {
  fields: ['id', 'acct'],
  kind: 'account',
});
rule(['USER_START', 'USER_END', 'USER_ERR', 'USER_LOGIN', 'USER_LOGOUT'], { fields: ['terminal'], kind: 'user-session' });
rule(
  ['USER_AUTH', 'USER_ACCT', 'CRED_ACQ', 'CRED_REFR', 'CRED_DISP', 'USER_CHAUTHTOK', 'GRP_CHAUTHTOK',
    'ANOM_LOGIN_FAILURES', 'ANOM_LOGIN_TIME', 'ANOM_LOGIN_SESSIONS', 'ANOM_LOGIN_LOCATION'],
  { fields: ['acct'], kind: 'user-session' },
);
rule(['ANOM_EXEC', 'USER_CMD'], { fields: ['cmd'], kind: 'process' });
rule(['USER_TTY', 'TTY'], { fields: ['data'], kind: 'keystrokes', restart: true });
rule(['USER_DEVICE'], { fields: ['device'], kind: 'keystrokes', restart: true });
rule(['SOFTWARE_UPDATE'], { fields: ['sw'], kind: 'software', restart: true });
rule(['VIRT_MACHINE_ID'], { fields: ['vm'], kind: 'virtual-machine' });
rule(['VIRT_RESOURCE'], { fields: ['resrc'], kind: 'virtual-machine' });
rule(['VIRT_CONTROL'], { fields: ['op'], kind: 'virtual-machine' });
rule(['LABEL_LEVEL_CHANGE'], { fields: ['printer'], kind: 'printer' });
rule(['MAC_CONFIG_CHANGE'], { fields: ['bool'], kind: 'mac-config' });
rule(['MAC_STATUS'], { fields: ['enforcing'], kind: 'mac-config' });
rule(['MAC_POLICY_LOAD', 'LABEL_OVERRIDE'], { fields: [], kind: 'mac-config' });
for (let t = named('DEV_ALLOC'); t <= named('USER_MAC_CONFIG_CHANGE'); t++) RULES.set(t, { fields: [], kind: 'mac-config' });
rule(['USER'], { fields: ['addr'], kind: undefined });
rule(['CRYPTO_KEY_USER'], { fields: ['fp'], kind: 'user-session' });
rule(['CRYPTO_SESSION'], { fields: ['addr'], kind: 'user-session' });
rule(['ANOM_RBAC_INTEGRITY_FAIL'], { fields: ['hostname'], kind: 'file-system' });

const CONFIG_CHANGE = named('CONFIG_CHANGE');
const USYS_CONFIG = named('USYS_CONFIG');

/** What a CONFIG_CHANGE changed: a rule's key, else the first audit setting named in it. */
function findConfigChangeObject(run: NormRun): boolean {
  const au = run.au;
  au.firstRecord();
  if (au.findField('key') && !au.fieldValueIs('(null)')) return true;
  for (const name of ['audit_enabled', 'audit_pid', 'audit_backlog_limit', 'audit_failure', 'actions']) {
    au.firstRecord();
    if (au.findField(name)) return true;
  }
  return false;
}

export function findSimpleObject(run: NormRun, type: number): FieldLocation {
  const { au, d } = run;
  au.firstField();
  let f = false;
  if (type === CONFIG_CHANGE) {
    f = findConfigChangeObject(run);
    d.objKind = 'audit-config';
  } else if (type === USYS_CONFIG) {
    // The op is the action; there is no object.
    if (au.findField('op')) d.action = au.interpretField();
    d.objKind = 'system';
  } else {
    const r = RULES.get(type);
    if (r !== undefined) {
      if (r.restart) au.firstRecord();
      for (let i = 0; i < r.fields.length; i++) {
        if (i > 0) au.firstRecord();
        f = au.findField(r.fields[i] as string);
        if (f) break;
      }
      if (r.kind !== undefined) d.objKind = r.kind;
    }
  }
  return f ? at(0, au.getFieldNum()) : UNSET;
}

const SECONDARY = new Map<number, string>([
  [named('CRYPTO_SESSION'), 'rport'],
  [named('SOFTWARE_UPDATE'), 'sw_type'],
]);
const SECOND_OBJECT = new Map<number, string>([
  [named('VIRT_CONTROL'), 'vm'],
  [named('VIRT_RESOURCE'), 'vm'],
  [named('SOFTWARE_UPDATE'), 'root_dir'],
]);

function findOne(run: NormRun, table: ReadonlyMap<number, string>, type: number): FieldLocation {
  run.au.firstField();
  const name = table.get(type);
  if (name === undefined || !run.au.findField(name)) return UNSET;
  return at(0, run.au.getFieldNum());
}

export function findSimpleObjSecondary(run: NormRun, type: number): FieldLocation {
  return findOne(run, SECONDARY, type);
}

export function findSimpleObjPrimary2(run: NormRun, type: number): FieldLocation {
  return findOne(run, SECOND_OBJECT, type);
}
