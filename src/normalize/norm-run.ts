// The shared steps of libauparse's normaliser: pick a subject, object or
// attribute by searching from the cursor, judge the kind of account, find the
// file and socket objects. Each step moves the cursor exactly as auparse's
// does (and records the record number it was told, not the one it landed
// on), because the steps after it start from there.
import type { AuCursor } from './au-cursor.js';
import { at } from './normalized.js';
import type { Normalized, NormalizeOption } from './normalized.js';
import { T } from './tables.js';

const ACCT_UNSET = -1; // 4294967295 as the C int auparse_get_field_int returns
const ACCT_MAX_SYS = 1000;
const ACCT_MAX_USER = 60000;
const S_IFMT = 0o170000;
const FILE_KINDS: ReadonlyMap<number, string> = new Map([
  [0o100000, 'file'],
  [0o040000, 'directory'],
  [0o020000, 'character-device'],
  [0o060000, 'block-device'],
  [0o010000, 'fifo'],
  [0o120000, 'symlink'],
  [0o140000, 'socket'],
]);
const SCRIPT_HOSTS = ['/usr/bin/python', '/usr/bin/sh', '/usr/bin/bash', '/usr/bin/perl'] as const;

/** True for the interpreters whose `comm` says more than their `exe`. */
export function isScriptHost(exe: string): boolean {
  for (const p of SCRIPT_HOSTS) if (exe.startsWith(p)) return true;
  return false;
}

export class NormRun {
  readonly au: AuCursor;
  readonly d: Normalized;
  opt: NormalizeOption = 'all';
  /** success= of the SYSCALL record: 1 yes, 0 no, -1 absent. */
  syscallSuccess = -1;

  constructor(au: AuCursor, d: Normalized) {
    this.au = au;
    this.d = d;
  }

  /** The current cursor position as a location in `record` (auparse stores the record it was given). */
  here(record: number): number {
    return at(record, this.au.getFieldNum());
  }

  setSubjectWhat(): number {
    const au = this.au;
    let uid: number;
    if (au.getFieldKind() === 'uid') uid = au.getFieldInt();
    else {
      const acct = au.getFieldName() === 'acct' ? au.interpretField() : undefined;
      const found = acct === undefined ? undefined : au.interpreter.uidOf(acct);
      if (found === undefined) {
        this.d.subjKind = 'unknown-acct';
        return 1;
      }
      uid = found | 0;
    }
    if (uid === 0) this.d.subjKind = 'privileged-acct';
    else if (uid === ACCT_UNSET) this.d.subjKind = 'unset-acct';
    else if (uid < ACCT_MAX_SYS) this.d.subjKind = 'service-acct';
    else if (uid < ACCT_MAX_USER) this.d.subjKind = 'user-acct';
    else this.d.subjKind = 'unknown-acct';
    return 0;
  }

  setPrimeSubject(name: string, record: number): number {
    if (!this.au.findField(name)) return 1;
    this.d.subjPrimary = this.here(record);
    return 0;
  }

  setSecondarySubject(name: string, record: number): number {
    if (!this.au.findField(name)) return 1;
    this.d.subjSecondary = this.here(record);
    return this.setSubjectWhat();
  }

  addSubjAttr(name: string, record: number): number {
    if (this.au.findField(name)) {
      this.d.subjAttrs.push(this.here(record));
      return 0;
    }
    this.au.gotoRecordNum(record);
    return 1;
  }

  setPrimeObject(name: string, record: number): number {
    if (!this.au.findField(name)) return 1;
    this.d.objPrimary = this.here(record);
    return 0;
  }

  setPrimeObject2(name: string, adjust: number): number {
    const record = 2 + adjust;
    this.au.gotoRecordNum(record);
    this.au.firstField();
    if (!this.au.findField(name)) return 1;
    this.d.obj2 = this.here(record);
    return 0;
  }

  addObjAttr(name: string, record: number): number {
    if (this.au.findField(name)) {
      this.d.objAttrs.push(this.here(record));
      return 0;
    }
    this.au.gotoRecordNum(record);
    return 1;
  }

  addSession(record: number): number {
    if (this.au.findField('ses')) {
      this.d.session = this.here(record);
      return 0;
    }
    this.au.firstRecord();
    return 1;
  }

  setResults(record: number): number {
    if (!this.au.findField('res')) return 1;
    this.d.results = this.here(record);
    return 0;
  }

  /** The field just found, at whatever record the cursor is on. */
  foundHere(): number {
    return at(this.au.getRecordNum(), this.au.getFieldNum());
  }

  /** auparse's "how" from an exe field found at the cursor, or the comm before it for script hosts. */
  howFromExe(): void {
    const au = this.au;
    const exe = au.interpretField() as string;
    this.d.how = exe;
    if (!isScriptHost(exe)) return;
    const fnum = au.getFieldNum();
    if (fnum > 0) au.gotoFieldNum(fnum - 1);
    else au.firstRecord();
    if (au.findField('comm')) this.d.how = au.interpretField() as string;
  }

  collectPathAttrs(): void {
    const au = this.au;
    const rnum = au.getRecordNum();
    au.firstField();
    if (this.addObjAttr('mode', rnum)) return; // failed opens have nothing else
    while (au.nextField()) this.d.objAttrs.push(at(rnum, au.getFieldNum()));
  }

  /** The object attributes of a file event: the first non-parent PATH record's fields (else the parent's). */
  simpleFileAttr(): void {
    if (this.opt === 'no-attrs') return;
    const au = this.au;
    let parent = 0;
    au.firstRecord();
    do {
      const type = au.getType();
      if (type === T.PATH) {
        if (au.findField('nametype') && au.fieldValueIs('PARENT')) {
          if (parent === 0) parent = au.getRecordNum();
          continue;
        }
        this.collectPathAttrs();
        return;
      }
      if (type === T.CWD) this.addObjAttr('cwd', au.getRecordNum());
      else if (type === T.SOCKADDR) this.addObjAttr('saddr', au.getRecordNum());
    } while (au.nextRecord() === 1);
    if (parent) {
      au.gotoRecordNum(parent);
      this.collectPathAttrs();
    }
  }

  /** The file object: the PATH record `2 + adjust` (or the next non-parent one), its name, inode and kind. */
  setFileObject(adjust: number): void {
    const au = this.au;
    let parent = 0;
    au.gotoRecordNum(2 + adjust);
    au.firstField();
    let found: boolean;
    do {
      found = au.findField('nametype');
      if (found) {
        if (!au.fieldValueIs('PARENT')) break;
        if (parent === 0) parent = au.getRecordNum();
      }
    } while (found && au.nextRecord() === 1);
    let rnum: number;
    if (!found) {
      // Sometimes there is only the parent (an open refused at the directory).
      if (parent === 0) return;
      au.gotoRecordNum(parent);
      au.firstField();
      rnum = parent;
    } else rnum = au.getRecordNum();
    if (au.getType() !== T.PATH) return;
    au.firstField();
    this.setPrimeObject('name', rnum);
    if (au.findField('inode')) this.d.objSecondary = this.here(rnum);
    const mode = au.findValue('mode');
    if (mode !== undefined) {
      const kind = FILE_KINDS.get(strtoulOctal(mode) & S_IFMT);
      if (kind !== undefined) this.d.objKind = kind;
    }
  }

  setSocketObject(): void {
    this.au.gotoRecordNum(1);
    this.au.firstField();
    this.setPrimeObject('saddr', 1);
  }

  /** The program object of process-changing events: BPF prog-id, listener group, else exe (or comm of a script host). */
  setProgramObj(): number {
    const au = this.au;
    au.firstRecord();
    const type = au.getType();
    if (type === T.BPF) {
      if (au.findField('prog-id')) this.d.objPrimary = this.foundHere();
    } else if (type === T.EVENT_LISTENER) {
      if (au.findField('nl-mcgrp')) this.d.objPrimary = this.foundHere();
    } else if (au.findField('exe')) {
      const exe = au.interpretField() as string;
      if (isScriptHost(exe)) {
        const fnum = au.getFieldNum();
        if (fnum > 0) au.gotoFieldNum(fnum - 1);
        else au.firstRecord();
        au.findField('comm');
      }
      this.d.objPrimary = this.foundHere();
      return 0;
    }
    return 1;
  }

  collectSimpleSubjAttr(): void {
    if (this.opt === 'no-attrs') return;
    this.au.firstRecord();
    this.addSubjAttr('pid', 0);
    this.addSubjAttr('subj', 0);
  }
}

/** strtoul(s, NULL, 8) as far as the mode bits go (32-bit unsigned). */
function strtoulOctal(s: string): number {
  let i = 0;
  while (i < s.length && (s.charCodeAt(i) === 32 || (s.charCodeAt(i) >= 9 && s.charCodeAt(i) <= 13))) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') neg = s[i++] === '-';
  let n = 0;
  for (; i < s.length; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 7) break;
    n = (n * 8 + d) % 0x100000000;
  }
  return neg ? (0x100000000 - n) % 0x100000000 : n;
}
