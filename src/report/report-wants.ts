// Which fields aureport 3.0.9 has ausearch's parsers extract for each report.
// aureport sets "dummy" search criteria per report (check_params) so that the
// shared parsers read those fields; pid and success are read for every report
// (its event_pid and event_success defaults are "set"), arch only with -i.
import type { Wants } from '../query/index.js';
import type { AureportKind } from './options.js';

type Field = 'uid' | 'loginuid' | 'terminal' | 'session' | 'comm' | 'exe' | 'subject' | 'object' | 'key' | 'file' | 'hostname';

const FIELDS: Readonly<Record<AureportKind, readonly Field[]>> = {
  summary: ['file', 'hostname', 'terminal', 'exe', 'comm', 'key', 'loginuid'],
  time: [],
  avc: ['comm', 'subject', 'object'],
  auth: ['exe', 'hostname', 'terminal', 'uid'],
  mac: ['loginuid'],
  integrity: ['loginuid'],
  virt: [],
  config: ['loginuid'],
  crypto: ['loginuid'],
  login: ['exe', 'hostname', 'terminal', 'loginuid'],
  account: ['exe', 'hostname', 'terminal', 'loginuid'],
  event: ['loginuid'],
  file: ['file', 'exe', 'loginuid'],
  host: ['hostname', 'loginuid'],
  pid: ['exe', 'loginuid'],
  syscall: ['comm', 'loginuid'],
  terminal: ['terminal', 'hostname', 'exe', 'loginuid'],
  user: ['terminal', 'hostname', 'exe', 'uid', 'loginuid'],
  exe: ['terminal', 'hostname', 'exe', 'loginuid'],
  comm: ['terminal', 'hostname', 'comm', 'loginuid'],
  anomaly: ['terminal', 'hostname', 'exe', 'comm', 'loginuid'],
  response: [],
  key: ['exe', 'key', 'loginuid'],
  tty: ['session', 'loginuid', 'terminal', 'comm'],
};

export function reportWants(kind: AureportKind, interpret: boolean): Wants {
  const f = new Set(FIELDS[kind]);
  return {
    ppid: false,
    pid: true,
    uid: f.has('uid'),
    uidNumber: f.has('uid'),
    euid: false,
    loginuid: f.has('loginuid'),
    gid: false,
    egid: false,
    terminal: f.has('terminal'),
    session: f.has('session'),
    comm: f.has('comm'),
    exe: f.has('exe'),
    subject: f.has('subject'),
    object: f.has('object'),
    success: true,
    exit: false,
    key: f.has('key'),
    file: f.has('file'),
    hostname: f.has('hostname'),
    vmName: false,
    uuid: false,
    // aureport's report_format > RPT_DEFAULT: the syscall names need the arch.
    arch: interpret,
    names: false,
  };
}
