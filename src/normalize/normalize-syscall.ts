// Action, object and object kind of a syscall event (libauparse
// normalize_syscall): a record type in the event (AVC, KERN_MODULE, BPF...)
// or else the syscall's class decides. Classes are named by the action
// ausearch prints for them (syscall-actions.gen.ts); the few that come from
// record types only are `#`-prefixed.
import { at } from './normalized.js';
import type { NormRun } from './norm-run.js';
import { T, recordActionOf, syscallActionOf } from './tables.js';

type Overlay = 'mac' | 'av' | undefined;

// What classFromRecords found besides the class (module state: one event is normalised at a time).
let overlay: Overlay;
let ttype = 0;

/** The class a record type in the event imposes (and sets the AVC / FANOTIFY overlay and the deciding record type). */
function classFromRecords(run: NormRun): string | undefined {
  const au = run.au;
  overlay = undefined;
  ttype = 0;
  let rc = au.firstRecord();
  while (rc === 1) {
    ttype = au.getType();
    switch (ttype) {
      case T.AVC:
        overlay = 'mac';
        return undefined;
      case T.SELINUX_ERR:
        return '#mac-err';
      case T.NETFILTER_CFG:
        return '#iptables';
      case T.ANOM_PROMISCUOUS:
        return '#promiscuous';
      case T.KERN_MODULE:
        return 'loaded-kernel-module';
      case T.MAC_POLICY_LOAD:
        return '#mac-load';
      case T.MAC_STATUS:
        return '#mac-enforce';
      case T.MAC_CONFIG_CHANGE:
        return '#mac-config';
      case T.FANOTIFY:
        overlay = 'av';
        return undefined;
      case T.TIME_INJOFFSET:
      case T.TIME_ADJNTPVAL:
        return 'changed-system-time';
      case T.BPF:
        return '#bpf';
      case T.EVENT_LISTENER:
        return '#listener';
    }
    rc = au.nextRecord();
  }
  return undefined;
}

export function normalizeSyscall(run: NormRun, syscall: string | undefined): void {
  const { au, d } = run;
  const cls = classFromRecords(run) ?? (syscall === undefined ? undefined : syscallActionOf(syscall));
  let act: string | undefined;
  switch (cls) {
    case 'opened-file':
      act = cls;
      run.setFileObject(0);
      d.objKind = 'file'; // set after the object: a file open is always a file
      run.simpleFileAttr();
      break;
    case 'changed-file-attributes-of':
    case 'checked-metadata-of':
    case 'deleted':
    case 'changed-timestamp-of':
      act = cls;
      d.objKind = 'file';
      run.setFileObject(cls === 'changed-file-attributes-of' && syscall === 'fsetxattr' ? -1 : 0);
      run.simpleFileAttr();
      break;
    case 'changed-file-permissions-of':
      act = cls;
      d.objKind = 'file';
      collectPermObj2(run, syscall as string);
      run.setFileObject(syscall === 'fchmod' ? -1 : 0);
      run.simpleFileAttr();
      break;
    case 'changed-file-ownership-of':
      act = cls;
      d.objKind = 'file';
      collectOwnObj2(run, syscall as string);
      run.setFileObject(syscall === 'fchown' ? -1 : 0);
      run.simpleFileAttr();
      break;
    case 'loaded-kernel-module':
      act = cls;
      d.objKind = 'file';
      au.gotoRecordNum(1);
      run.setPrimeObject('name', 1);
      break;
    case 'unloaded-kernel-module':
      act = cls;
      d.objKind = 'file';
      break;
    case 'created-directory':
    case 'executed':
      act = cls;
      d.objKind = 'file';
      run.setFileObject(1); // the new directory, the program: one record after the first PATH
      run.simpleFileAttr();
      break;
    case 'mounted':
      act = cls;
      d.objKind = 'file-system';
      if (run.syscallSuccess === 1) run.setPrimeObject2('name', 0);
      run.setFileObject(run.syscallSuccess); // the device is one PATH later on success
      run.collectPathAttrs();
      break;
    case 'renamed':
      act = cls;
      d.objKind = 'file';
      run.setPrimeObject2('name', 4);
      run.setFileObject(2);
      run.simpleFileAttr();
      break;
    case 'checked-filesystem-metadata-of':
    case 'unmounted':
      act = cls;
      d.objKind = 'file-system';
      run.setFileObject(0);
      run.simpleFileAttr();
      break;
    case 'symlinked':
      act = cls;
      d.objKind = 'file';
      run.setPrimeObject2('name', 0);
      run.setFileObject(2);
      run.simpleFileAttr();
      break;
    case 'accepted-connection-from':
    case 'bound-socket':
    case 'connected-to':
    case 'received-from':
    case 'sent-to':
      act = cls;
      d.objKind = 'socket';
      run.setSocketObject();
      break;
    case 'killed-pid':
      act = au.numRecords > 2 ? 'killed-list-of-pids' : 'killed-pid';
      au.gotoRecordNum(1);
      au.firstField();
      if (au.findField('saddr')) d.objPrimary = run.foundHere();
      d.objKind = 'process';
      break;
    case '#mac-load':
      act = recordActionOf(ttype);
      d.objKind = 'mac-config';
      break;
    case '#mac-config':
    case '#mac-enforce':
      act = recordActionOf(ttype);
      if (au.findField(cls === '#mac-config' ? 'bool' : 'enforcing')) d.objPrimary = run.foundHere();
      d.objKind = 'mac-config';
      break;
    case '#mac-err':
      act = 'caused-mac-policy-error';
      d.objKind = 'system';
      break;
    case '#iptables':
      act = 'loaded-firewall-rule-to';
      au.firstRecord();
      if (au.findField('table')) d.objPrimary = run.foundHere();
      d.objKind = 'firewall';
      break;
    case '#promiscuous':
      au.firstRecord();
      if (au.findField('dev')) d.objPrimary = run.foundHere();
      if (au.findField('prom')) {
        act = au.getFieldInt() === 0 ? 'left-promiscuous-mode-on-device' : 'entered-promiscuous-mode-on-device';
      }
      d.objKind = 'socket';
      break;
    case 'changed-identity-of':
      act = cls;
      d.objKind = 'process';
      run.setProgramObj();
      if (d.how !== undefined) d.how = syscall;
      collectIdObj2(run, syscall as string);
      break;
    case 'changed-system-time':
    case 'changed-system-name':
      act = cls;
      d.objKind = 'system';
      break;
    case 'make-device':
      run.setFileObject(0);
      run.simpleFileAttr();
      act = d.objKind === 'character-device' ? 'made-character-device' : d.objKind === 'block-device' ? 'made-block-device' : 'make-device';
      break;
    case 'allocated-memory':
      act = cls;
      if (run.syscallSuccess === 1) {
        // Not an mmap denied by a MAC policy: the memory is the program's.
        act = 'allocated-memory-in';
        au.firstRecord();
        if (au.findField('comm')) d.objPrimary = run.foundHere();
      }
      d.objKind = 'memory';
      break;
    case 'adjusted-scheduling-policy-of':
      act = cls;
      d.objKind = 'process';
      run.setProgramObj();
      if (d.how !== undefined) d.how = syscall;
      break;
    case '#bpf':
      au.firstRecord();
      if (au.findField('op')) act = au.fieldValueIs('LOAD') ? 'loaded-bpf-program' : 'unloaded-bpf-program';
      else act = 'bpf-program';
      d.objKind = 'process';
      run.setProgramObj();
      break;
    case '#listener':
      au.firstRecord();
      if (au.findField('op')) act = au.fieldValueIs('connect') ? 'connected-to' : 'disconnected-from';
      else act = 'connected';
      d.objKind = 'socket';
      run.setProgramObj();
      break;
    default: {
      au.firstRecord();
      if (au.findField('key') && !au.fieldValueIs('(null)')) {
        act = 'triggered-audit-rule';
        d.objPrimary = run.foundHere();
      } else act = 'triggered-unknown-audit-rule';
      d.objKind = 'admin-defined-rule';
    }
  }
  // An AVC or fanotify decision names the action, whatever the object was.
  if (overlay === 'mac') act = 'accessed-mac-policy-controlled-object';
  else if (overlay === 'av') act = 'accessed-policy-controlled-file';
  if (act !== undefined) d.action = act;
}

/** chmod's new mode is the second object: a2 of fchmodat, else a1 (always located in record 0). */
function collectPermObj2(run: NormRun, syscall: string): void {
  run.au.firstRecord();
  if (run.au.findField(syscall === 'fchmodat' ? 'a2' : 'a1')) run.d.obj2 = at(0, run.au.getFieldNum());
}

/** chown's new owner, or its group when the owner is -1 (unchanged). */
function collectOwnObj2(run: NormRun, syscall: string): void {
  const au = run.au;
  au.firstRecord();
  if (au.findField(syscall === 'fchownat' ? 'a2' : 'a1')) {
    if (au.getFieldInt() === -1 && au.errno === 0) au.nextField();
    run.d.obj2 = at(0, au.getFieldNum());
  }
}

const ID_ARGS: ReadonlyMap<string, number> = new Map([
  ['setuid', 1],
  ['setreuid', 2],
  ['setresuid', 3],
  ['setgid', 1],
  ['setregid', 2],
  ['setresgid', 3],
]);

/** The id a set*id call changes to: the first of its id arguments that is not -1. */
function collectIdObj2(run: NormRun, syscall: string): void {
  const limit = ID_ARGS.get(syscall);
  if (limit === undefined) return;
  const au = run.au;
  au.firstRecord();
  if (!au.findField('a0')) return;
  for (let cnt = 1; cnt <= limit; ) {
    if (au.interpretField() !== 'unset') break;
    if (cnt >= limit) return;
    if (au.nextField() === 0) return;
    cnt++;
  }
  run.d.obj2 = at(0, au.getFieldNum());
}
