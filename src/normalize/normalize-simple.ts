// Single-record events (libauparse normalize_simple): subject, session,
// action, object and how from the one record, by record type families:
// configuration-like kernel records, LOGIN, NETFILTER_CFG, AVC, audit daemon
// records, BPF, event listeners, labelled networking, and the user-space
// messages (everything else).
import { normalizeCompound } from './normalize-compound.js';
import { at } from './normalized.js';
import type { NormRun } from './norm-run.js';
import { findSimpleObjPrimary2, findSimpleObjSecondary, findSimpleObject } from './simple-objects.js';
import { T, eventKindOf, named, recordActionOf } from './tables.js';

const USER_MSG = (t: number): boolean =>
  (t >= T.FIRST_USER_MSG && t < T.LAST_USER_MSG) || (t >= T.FIRST_USER_MSG2 && t < T.LAST_USER_MSG2);

export function normalizeSimple(run: NormRun): number {
  const { au, d } = run;
  const type = au.getType();
  // Some older systems log no PROCTITLE: a lone SYSCALL is still a syscall event.
  if (type === T.SYSCALL) return normalizeCompound(run);
  d.evkind = eventKindOf(type);

  if (type === T.CONFIG_CHANGE || type === T.FEATURE_CHANGE || type === T.SECCOMP || type === T.ANOM_ABEND || type === T.ANOM_PROMISCUOUS) {
    return kernelConfigLike(run, type);
  }
  if (type === T.LOGIN) {
    if (run.setSecondarySubject('uid', 0)) au.firstRecord();
    run.collectSimpleSubjAttr();
    if (run.setPrimeSubject('old-auid', 0)) au.firstRecord();
    if (run.setPrimeObject('auid', 0)) au.firstRecord();
    d.objKind = 'user-session';
    run.addSession(0);
    run.setResults(0);
    setMappedAction(run, type);
    return 0;
  }
  if (type === T.NETFILTER_CFG) {
    run.collectSimpleSubjAttr();
    if (au.findField('comm')) d.how = au.interpretField();
    d.action = 'loaded-firewall-rule-to';
    au.firstRecord();
    if (au.findField('table')) d.objPrimary = run.foundHere();
    d.subjKind = 'system';
    d.objKind = 'firewall';
    return 0;
  }
  if (type === T.AVC) {
    if (au.findField('comm')) d.how = au.interpretField();
    else au.firstRecord();
    run.setPrimeSubject('scontext', 0);
    d.subjKind = 'unknown-acct';
    au.firstRecord();
    if (run.opt === 'all') {
      // Only with everything asked for: the target context spoils the text format.
      run.setPrimeObject('tcontext', 0);
      au.firstRecord();
    }
    d.objKind = 'unknown';
    setMappedAction(run, type);
    au.firstRecord();
    if (au.findField('seresult')) d.results = at(0, au.getFieldNum());
    return 0;
  }
  if (type >= T.FIRST_DAEMON && type < T.LAST_DAEMON) {
    run.setPrimeSubject('auid', 0);
    if (run.setSecondarySubject('uid', 0)) au.firstRecord();
    if (run.addSession(0)) au.firstRecord();
    run.collectSimpleSubjAttr();
    d.subjKind = 'auditd';
    setMappedAction(run, type);
    d.objKind = 'service';
    if (type === T.DAEMON_START) d.how = 'init';
    else if (type < T.DAEMON_ACCEPT && type !== T.DAEMON_ABORT) d.how = 'signal';
    run.setResults(0);
    return 0;
  }
  if (type === T.BPF) {
    d.subjKind = 'system';
    au.firstRecord();
    if (au.findField('op')) d.action = au.fieldValueIs('LOAD') ? 'loaded-bpf-program' : 'unloaded-bpf-program';
    else d.action = 'bpf-program';
    d.objKind = 'process';
    run.setProgramObj();
    return 0;
  }
  if (type === T.EVENT_LISTENER) return eventListener(run);
  if (type >= T.MAC_UNLBL_ALLOW && type <= T.LAST_SELINUX) return labelledNetworking(run, type);
  return userMessage(run, type);
}

function setMappedAction(run: NormRun, type: number): void {
  const act = recordActionOf(type);
  if (act !== undefined) run.d.action = act;
}

/** CONFIG_CHANGE, FEATURE_CHANGE, SECCOMP, ANOM_ABEND, ANOM_PROMISCUOUS: auid, (op), (uid), then their own object. */
function kernelConfigLike(run: NormRun, type: number): number {
  const { au, d } = run;
  run.setPrimeSubject('auid', 0);
  run.addSession(0);
  run.collectSimpleSubjAttr();
  let mapped = true;
  if (type === T.CONFIG_CHANGE) {
    au.firstField();
    if (au.findField('op')) {
      let op = au.interpretField() as string;
      if (op.startsWith('"')) op = op.slice(1);
      if (op.startsWith('add_rule')) {
        d.action = 'added-audit-rule';
        d.objPrimary = findSimpleObject(run, type);
        mapped = false;
      } else if (op.startsWith('remove_rule')) {
        d.action = 'deleted-audit-rule';
        d.objPrimary = findSimpleObject(run, type);
        mapped = false;
      }
    }
  }
  if (mapped) {
    setMappedAction(run, type);
    if (type === T.CONFIG_CHANGE) d.objPrimary = findSimpleObject(run, type);
    au.firstRecord();
  }
  if (type === T.FEATURE_CHANGE || type === T.SECCOMP) {
    au.firstField();
    if (run.setSecondarySubject('uid', 0)) au.firstRecord();
    if (au.findField('exe')) d.how = au.interpretField();
    if (type === T.FEATURE_CHANGE) {
      run.setPrimeObject('feature', 0);
      d.objKind = 'system';
    } else {
      if (run.setPrimeObject('syscall', 0)) au.firstRecord();
      d.objKind = 'process';
      if (au.findField('code')) d.results = at(0, au.getFieldNum());
      return 0;
    }
  }
  if (type === T.ANOM_ABEND) {
    au.firstField();
    if (run.setSecondarySubject('uid', 0)) au.firstRecord();
    if (run.setPrimeObject('exe', 0)) au.firstRecord();
    d.objKind = 'process';
    if (au.findField('sig')) d.how = au.interpretField();
  }
  if (type === T.ANOM_PROMISCUOUS) {
    au.firstField();
    run.setPrimeObject('dev', 0);
    run.setSecondarySubject('uid', 0);
    d.objKind = 'socket';
  }
  run.setResults(0);
  return 0;
}

function eventListener(run: NormRun): number {
  const { au, d } = run;
  run.setPrimeSubject('auid', 0);
  au.firstRecord();
  run.setSecondarySubject('uid', 0);
  au.firstRecord();
  run.addSession(0);
  run.collectSimpleSubjAttr();
  au.firstRecord();
  if (au.findField('op')) d.action = au.fieldValueIs('connect') ? 'connected-to' : 'disconnected-from';
  else d.action = 'connected';
  run.setProgramObj();
  d.objKind = 'socket';
  au.firstRecord();
  if (au.findField('exe')) d.how = au.interpretField();
  au.firstRecord();
  run.setResults(0);
  return 0;
}

function labelledNetworking(run: NormRun, type: number): number {
  const { au, d } = run;
  run.setPrimeSubject('auid', 0);
  run.setSubjectWhat(); // no secondary subject: the kind comes from the auid
  run.addSession(0);
  run.addSubjAttr('subj', 0);
  let act: string | undefined;
  if (type === T.MAC_UNLBL_ALLOW) {
    if (au.findField('unlbl_accept')) {
      act = au.getFieldInt() === 1 ? 'is-allowing-unlabeled-network-traffic' : 'is-disallowing-unlabeled-network-traffic';
    } else au.firstRecord();
  } else act = recordActionOf(type);
  if (act !== undefined) d.action = act;
  if ((type === T.MAC_MAP_ADD || type === T.MAC_MAP_DEL) && run.setPrimeObject('nlbl_domain', 0)) au.firstRecord();
  d.objKind = 'mac-config';
  run.setResults(0);
  return 0;
}

const TERMINAL_IS_OBJECT = new Set<number>([T.USER_START, T.USER_END, T.USER_ERR]);
const SOFTWARE_UPDATE = named('SOFTWARE_UPDATE');

/** User-space messages and the rest: uid, auid, ses, res, then the type's object and the program as how. */
function userMessage(run: NormRun, type: number): number {
  const { au, d } = run;
  if (type === T.USER_LOGIN) {
    // A failed login is not in the system yet: no auid, the subject is the id or the account tried.
    if (run.setPrimeSubject('id', 0)) {
      au.firstRecord();
      if (run.setPrimeSubject('acct', 0) === 0) run.setSubjectWhat();
    } else run.setSubjectWhat();
    au.firstRecord();
  } else {
    if (run.setSecondarySubject('uid', 0)) au.firstRecord();
    run.setPrimeSubject('auid', 0);
  }
  run.addSession(0);
  run.collectSimpleSubjAttr();
  if (USER_MSG(type) && run.opt !== 'no-attrs') {
    run.addSubjAttr('hostname', 0);
    run.addSubjAttr('addr', 0);
    if (!TERMINAL_IS_OBJECT.has(type)) run.addSubjAttr('terminal', 0);
  }
  if (type !== T.USER_AVC) run.setResults(0);
  else {
    au.firstRecord();
    if (au.findField('seresult')) d.results = at(0, au.getFieldNum());
    au.firstRecord();
    run.setPrimeSubject('scontext', 0);
    if (run.opt === 'all') {
      au.firstRecord();
      run.setPrimeObject('tcontext', 0);
    }
  }
  let act: string | undefined;
  if (type === T.USER_DEVICE) {
    au.firstRecord();
    const op = au.findValue('op');
    // auparse takes the op as logged; auspex escapes it like any printed value (a documented difference).
    if (op !== undefined) act = au.interpreter.escape(op);
  }
  act ??= recordActionOf(type);
  if (act !== undefined) d.action = act;
  if (type !== T.USER_AVC) {
    au.firstRecord();
    d.objPrimary = findSimpleObject(run, type);
    d.objSecondary = findSimpleObjSecondary(run, type);
    d.obj2 = findSimpleObjPrimary2(run, type);
    if (run.opt === 'all') {
      if (type === T.USER_DEVICE) run.addObjAttr('uuid', 0);
      else if (type === SOFTWARE_UPDATE) {
        au.firstRecord();
        run.addObjAttr('key_enforce', 0);
        run.addObjAttr('gpg_res', 0);
      }
    }
  }
  if (type === T.SYSTEM_BOOT || type === T.SYSTEM_SHUTDOWN) {
    d.objKind = type === T.SYSTEM_BOOT ? 'system' : 'service';
    if (au.findField('exe')) d.how = au.interpretField();
    return 0;
  }
  au.firstRecord();
  if (type === T.ANOM_EXEC || type === T.TTY) {
    if (au.findField(type === T.TTY ? 'comm' : 'terminal')) d.how = au.interpretField();
    return 0;
  }
  if (au.findField('exe')) run.howFromExe();
  return 0;
}
