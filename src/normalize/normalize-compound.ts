// Events of several records (libauparse normalize_compound): they must hold a
// SYSCALL record, which gives results, subject, session, how and key; the
// event kind comes from the first record's type. An event without a SYSCALL
// record cannot be normalised (ausearch prints "error normalizing").
import { normalizeSyscall } from './normalize-syscall.js';
import { findSimpleObject } from './simple-objects.js';
import { isScriptHost } from './norm-run.js';
import type { NormRun } from './norm-run.js';
import { T, eventKindOf, recordActionOf } from './tables.js';

/** Returns 0 on success, 1 when the event has no SYSCALL record. */
export function normalizeCompound(run: NormRun): number {
  const { au, d } = run;
  const otype = au.getType();
  let type = otype;
  if (type !== T.SYSCALL) {
    do {
      au.nextRecord();
      type = au.getType();
    } while (type !== 0 && type !== T.SYSCALL);
  }
  if (type === 0) return 1;
  d.evkind = eventKindOf(otype);

  const recno = au.getRecordNum();
  let syscall: string | undefined;
  if (au.findField('syscall')) syscall = au.interpretField();

  if (au.findField('success')) {
    run.syscallSuccess = au.fieldValueIs('no') ? 0 : 1;
    d.results = run.here(recno);
  } else if (!restart(run, recno)) return 1;

  if (run.setPrimeSubject('auid', recno) && !restart(run, recno)) return 1;
  if (run.setSecondarySubject('uid', recno) && !restart(run, recno)) return 1;

  syscallSubjAttr(run);

  au.firstField();
  if (au.findField('exe')) {
    const exe = au.interpretField() as string;
    d.how = exe;
    if (isScriptHost(exe)) {
      const fnum = au.getFieldNum();
      let rc = 0;
      if (fnum > 0) rc = au.gotoFieldNum(fnum - 1);
      if (rc === 0) au.firstRecord();
      if (au.findField('comm')) d.how = au.interpretField();
    }
  } else if (!restart(run, recno)) return 1;

  if (au.findField('key') && !au.fieldValueIs('(null)')) d.key = run.here(recno);

  if (otype === T.ANOM_LINK) {
    const act = recordActionOf(otype);
    if (act !== undefined) d.action = act;
  } else if (otype === T.CONFIG_CHANGE) {
    au.firstRecord();
    if (au.findField('op')) {
      d.action = au.interpretField();
      d.objPrimary = findSimpleObject(run, T.CONFIG_CHANGE);
    }
  } else normalizeSyscall(run, syscall);
  return 0;
}

function restart(run: NormRun, recno: number): boolean {
  if (run.au.gotoRecordNum(recno) !== 1) return false;
  run.au.firstField();
  return true;
}

/** The SYSCALL record's session and, with attributes, its process ids, tty and label. */
function syscallSubjAttr(run: NormRun): void {
  const au = run.au;
  au.firstRecord();
  do {
    const rnum = au.getRecordNum();
    if (au.getType() === T.SYSCALL) {
      if (run.opt === 'no-attrs') {
        run.addSession(rnum);
        return;
      }
      for (const f of ['ppid', 'pid', 'gid', 'euid', 'suid', 'fsuid', 'egid', 'sgid', 'fsgid', 'tty']) run.addSubjAttr(f, rnum);
      run.addSession(rnum);
      run.addSubjAttr('subj', rnum);
      return;
    }
  } while (au.nextRecord() === 1);
}
