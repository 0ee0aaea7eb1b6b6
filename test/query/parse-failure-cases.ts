// Every way a record parser of ausearch 3.0.9 (src/ausearch-parse.c) can make
// it skip an event, as one crafted record each: the code ausearch reports
// (--debug: "Malformed event skipped, rc=N"), the criteria that make the
// parser read the field, and the record. Codes only an allocation failure
// returns are left out, and so are two that cannot happen: parse_integrity
// and parse_tty read " uid=" from its '=', so the value is always 0 (4).
// rc 0 marks records a parser refuses in part without skipping the event.
//
// Records of types the corpus holds are its first record of that type,
// changed; the others follow the layout their writer (kernel or auditd)
// uses, written here from the fields ausearch reads.

/** One crafted record; `body` makes it from the corpus's record bodies (see Bodies). */
export interface FailureCase {
  /** ausearch's parser, for the test's name. */
  readonly parser: string;
  /** The code ausearch reports for the record; 0: the event is not skipped. */
  readonly rc: number;
  readonly args: readonly string[];
  /** The record's type as written. */
  readonly type: string;
  readonly what: string;
  readonly body: (b: Bodies) => string;
}

/** The body (after `): `) of the corpus's first record of some types. */
export interface Bodies {
  readonly SYSCALL: string;
  readonly PATH: string;
  readonly CWD: string;
  readonly CONFIG_CHANGE: string;
  readonly USER_AUTH: string;
  readonly LOGIN: string;
  readonly SECCOMP: string;
  readonly ANOM_ABEND: string;
}

// Layouts of records the corpus lacks.
const AVC = 'avc:  denied  { read } for  pid=1234 comm="cat" name="shadow" dev="vda1" ino=2 scontext=system_u:system_r:t:s0 tcontext=system_u:object_r:f:s0 tclass=file permissive=0';
const USER_AVC = "pid=1 uid=0 auid=4294967295 ses=4294967295 subj=system_u:system_r:init_t:s0 msg='avc:  denied  { status } for auid=0 uid=0 gid=0 cmdline=\"\" scontext=system_u:system_r:a:s0 tcontext=system_u:object_r:b:s0 tclass=service permissive=0 exe=\"/usr/lib/systemd/systemd\" sauid=0 hostname=? addr=? terminal=?'";
const DAEMON_START = 'op=start ver=3.0.9 format=raw kernel=6.18.0 auid=0 pid=1234 uid=0 ses=22 subj=unconfined res=success';
const DAEMON_ACCEPT = 'addr=127.0.0.1 port=60000 res=success';
const INTEGRITY = 'pid=1234 uid=0 auid=0 ses=22 op=appraise_data cause=invalid-hash comm="cat" name="/etc/hosts" dev="vda1" ino=2 res=0';
const TTY = 'tty pid=1234 uid=0 auid=0 ses=22 major=136 minor=0 comm="bash" data=6C730D';
const EVENT_LISTENER = 'pid=1234 uid=0 auid=0 tty=(none) ses=22 subj=unconfined comm="systemd" exe="/usr/lib/systemd/systemd" nl-mcgrp=1 op=connect res=1';
const NETFILTER_PKT = 'mark=0 saddr=127.0.0.1 daddr=127.0.0.1 proto=6';
const ANOM_PROMISCUOUS = 'dev=lo prom=256 old_prom=0 auid=0 uid=0 gid=0 ses=22';
const MAC_IPSEC_EVENT = 'auid=0 ses=22 subj=unconfined op=SAD-add src=127.0.0.1 dst=127.0.0.1 spi=1(0x1) res=1';
const FEATURE_CHANGE = 'pid=1234 uid=0 auid=0 tty=(none) ses=22 subj=unconfined comm="auditctl" exe="/usr/sbin/auditctl" feature=loginuid_immutable old=0 new=1 old_lock=0 new_lock=0 res=1';
const VIRT_MACHINE_ID = "pid=1234 uid=0 auid=0 ses=22 msg='virt=kvm vm=\"guest\" uuid=b0a45afd-5d59-4d1a-a7b5-2a1e9d1c0e6f vm-ctx=svirt_t img-ctx=svirt_image_t model=selinux exe=\"/usr/sbin/libvirtd\" hostname=? addr=? terminal=? res=success'";
const ADD_GROUP = "pid=1234 uid=0 auid=0 ses=22 msg='op=add-group id=1002 exe=\"/usr/sbin/groupadd\" hostname=? addr=? terminal=? res=success'";

const TOO_BIG = '99999999999999999999999';
const TOO_BIG_HEX = 'FFFFFFFFFFFFFFFFFFFF';

function fieldAt(body: string, name: string): number {
  const m = new RegExp(`(^| )${name.replace(/[-[\]]/g, '\\$&')}=`).exec(body);
  if (m === null) throw new Error(`no ${name}= in ${body}`);
  return m.index + (m[1] ?? '').length;
}

function valueEnd(body: string, name: string): number {
  const at = fieldAt(body, name);
  const sp = body.indexOf(' ', at);
  return sp < 0 ? body.length : sp;
}

/** Without the field (and the space before it). */
export function drop(body: string, name: string): string {
  const at = fieldAt(body, name);
  const end = valueEnd(body, name);
  return at === 0 ? body.slice(end + 1) : body.slice(0, at - 1) + body.slice(end);
}

/** The field's value replaced. */
export function put(body: string, name: string, value: string): string {
  const at = fieldAt(body, name);
  return `${body.slice(0, at)}${name}=${value}${body.slice(valueEnd(body, name))}`;
}

/** Cut right after the field's value: nothing follows it. */
export function endAt(body: string, name: string): string {
  return body.slice(0, valueEnd(body, name));
}

/** Cut before the field's closing quote: the quote never closes. */
export function unclosed(body: string, name: string): string {
  const cut = endAt(body, name);
  const q = cut.lastIndexOf('"');
  if (q <= fieldAt(body, name)) throw new Error(`${name} is not quoted in ${body}`);
  return cut.slice(0, q);
}

type Row = readonly [parser: string, rc: number, args: string, type: string, what: string, body: (b: Bodies) => string];

const ROWS: readonly Row[] = [
  // parse_syscall; arch= is read for --arch (and -i, csv, text output).
  ['parse_syscall', 1, '--arch b64', 'SYSCALL', 'no arch=', (b) => drop(b.SYSCALL, 'arch')],
  ['parse_syscall', 2, '--arch b64', 'SYSCALL', 'nothing after arch=', (b) => endAt(b.SYSCALL, 'arch')],
  ['parse_syscall', 3, '--arch b64', 'SYSCALL', 'arch= out of range', (b) => put(b.SYSCALL, 'arch', TOO_BIG_HEX)],
  ['parse_syscall', 4, '', 'SYSCALL', 'no syscall=', (b) => drop(b.SYSCALL, 'syscall')],
  ['parse_syscall', 5, '', 'SYSCALL', 'nothing after syscall=', (b) => endAt(b.SYSCALL, 'syscall')],
  ['parse_syscall', 6, '', 'SYSCALL', 'syscall= out of range', (b) => put(b.SYSCALL, 'syscall', TOO_BIG)],
  ['parse_syscall', 7, '-sv yes', 'SYSCALL', 'nothing after success=', (b) => endAt(b.SYSCALL, 'success')],
  ['parse_syscall', 8, '-e 0', 'SYSCALL', 'no exit=', (b) => drop(b.SYSCALL, 'exit')],
  ['parse_syscall', 9, '-e 0', 'SYSCALL', 'nothing after exit=', (b) => endAt(b.SYSCALL, 'exit')],
  ['parse_syscall', 10, '-e 0', 'SYSCALL', 'exit= out of range', (b) => put(b.SYSCALL, 'exit', TOO_BIG)],
  ['parse_syscall', 11, '', 'SYSCALL', 'no a0=', (b) => drop(b.SYSCALL, 'a0')],
  ['parse_syscall', 11, '', 'SYSCALL', 'no a1=', (b) => drop(b.SYSCALL, 'a1')],
  ['parse_syscall', 12, '', 'SYSCALL', 'nothing after a0=', (b) => endAt(b.SYSCALL, 'a0')],
  ['parse_syscall', 12, '', 'SYSCALL', 'nothing after a1=', (b) => endAt(b.SYSCALL, 'a1')],
  ['parse_syscall', 13, '', 'SYSCALL', 'a0= past 64 bits', (b) => put(b.SYSCALL, 'a0', TOO_BIG_HEX)],
  ['parse_syscall', 13, '', 'SYSCALL', 'a1= past 64 bits', (b) => put(b.SYSCALL, 'a1', TOO_BIG_HEX)],
  ['parse_syscall', 0, '', 'SYSCALL', 'a0= of 16 hex digits fits', (b) => put(b.SYSCALL, 'a0', 'FFFFFFFFFFFFFFFF')],
  ['parse_syscall', 44, '-k x', 'SYSCALL', 'key=" never closed', (b) => put(b.SYSCALL, 'key', '"exec')],
  ['parse_syscall', 45, '-k x', 'SYSCALL', 'key= neither quoted nor hex', (b) => put(b.SYSCALL, 'key', 'ZZ')],
  // parse_task_info, reached through SYSCALL (and FEATURE_CHANGE, ANOM_LINK below).
  ['parse_task_info', 14, '-pp 1', 'SYSCALL', 'nothing after ppid=', (b) => endAt(b.SYSCALL, 'ppid')],
  ['parse_task_info', 15, '-pp 1', 'SYSCALL', 'ppid= out of range', (b) => put(b.SYSCALL, 'ppid', TOO_BIG)],
  ['parse_task_info', 16, '-p 1', 'SYSCALL', 'no " pid="', (b) => drop(b.SYSCALL, 'pid')],
  ['parse_task_info', 17, '-p 1', 'SYSCALL', 'nothing after pid=', (b) => endAt(b.SYSCALL, 'pid')],
  ['parse_task_info', 18, '-p 1', 'SYSCALL', 'pid= out of range', (b) => put(b.SYSCALL, 'pid', TOO_BIG)],
  ['parse_task_info', 19, '-ul 0', 'SYSCALL', 'no auid= nor loginuid=', (b) => drop(b.SYSCALL, 'auid')],
  ['parse_task_info', 20, '-ul 0', 'SYSCALL', 'nothing after auid=', (b) => endAt(b.SYSCALL, 'auid')],
  ['parse_task_info', 21, '-ul 0', 'SYSCALL', 'auid= out of range', (b) => put(b.SYSCALL, 'auid', TOO_BIG)],
  ['parse_task_info', 22, '-ui 0', 'SYSCALL', 'no uid= but auid=\'s', (b) => endAt(b.SYSCALL, 'auid')],
  ['parse_task_info', 23, '-ui 0', 'SYSCALL', 'nothing after uid=', (b) => endAt(b.SYSCALL, 'uid')],
  ['parse_task_info', 24, '-ui 0', 'SYSCALL', 'uid= out of range', (b) => put(b.SYSCALL, 'uid', TOO_BIG)],
  ['parse_task_info', 25, '-gi 0', 'SYSCALL', 'no gid=', (b) => endAt(b.SYSCALL, 'uid')],
  ['parse_task_info', 26, '-gi 0', 'SYSCALL', 'nothing after gid=', (b) => endAt(b.SYSCALL, 'gid')],
  ['parse_task_info', 27, '-gi 0', 'SYSCALL', 'gid= out of range', (b) => put(b.SYSCALL, 'gid', TOO_BIG)],
  ['parse_task_info', 28, '-ue 0', 'SYSCALL', 'no euid=', (b) => drop(b.SYSCALL, 'euid')],
  ['parse_task_info', 29, '-ue 0', 'SYSCALL', 'nothing after euid=', (b) => endAt(b.SYSCALL, 'euid')],
  ['parse_task_info', 30, '-ue 0', 'SYSCALL', 'euid= out of range', (b) => put(b.SYSCALL, 'euid', TOO_BIG)],
  ['parse_task_info', 31, '-ge 0', 'SYSCALL', 'no egid=', (b) => drop(b.SYSCALL, 'egid')],
  ['parse_task_info', 32, '-ge 0', 'SYSCALL', 'nothing after egid=', (b) => endAt(b.SYSCALL, 'egid')],
  ['parse_task_info', 33, '-ge 0', 'SYSCALL', 'egid= out of range', (b) => put(b.SYSCALL, 'egid', TOO_BIG)],
  ['parse_task_info', 34, '-tm x', 'SYSCALL', 'nothing after tty=', (b) => endAt(b.SYSCALL, 'tty')],
  ['parse_task_info', 35, '--session 1', 'SYSCALL', 'nothing after ses=', (b) => endAt(b.SYSCALL, 'ses')],
  ['parse_task_info', 36, '--session 1', 'SYSCALL', 'ses= out of range', (b) => put(b.SYSCALL, 'ses', TOO_BIG)],
  ['parse_task_info', 37, '-c x', 'SYSCALL', 'comm=" never closed', (b) => unclosed(b.SYSCALL, 'comm')],
  ['parse_task_info', 38, '-c x', 'SYSCALL', 'no comm=', (b) => drop(b.SYSCALL, 'comm')],
  ['parse_task_info', 39, '-x x', 'SYSCALL', 'exe=" never closed', (b) => unclosed(b.SYSCALL, 'exe')],
  ['parse_task_info', 40, '-x x', 'SYSCALL', 'no exe=', (b) => drop(b.SYSCALL, 'exe')],
  ['parse_task_info', 41, '-su x', 'SYSCALL', 'nothing after subj=', (b) => `${b.SYSCALL} subj=unconfined`],
  ['parse_task_info', 43, '-sv yes', 'SYSCALL', 'res= out of range', (b) => `${b.SYSCALL} res=${TOO_BIG}`],
  ['parse_task_info', 16, '-p 1', 'FEATURE_CHANGE', 'no " pid="', () => drop(FEATURE_CHANGE, 'pid')],
  ['parse_task_info', 40, '-x x', 'ANOM_LINK', 'no exe=', (b) => `op=linkat ${drop(b.SYSCALL.slice(b.SYSCALL.indexOf('ppid=')), 'exe')} res=0`],
  // parse_dir, parse_path and common_path_parser.
  ['parse_dir', 1, '-f x', 'CWD', 'cwd=" never closed', (b) => unclosed(b.CWD, 'cwd')],
  ['common_path_parser', 2, '-f x', 'PATH', 'name=" never closed', (b) => unclosed(b.PATH, 'name')],
  ['common_path_parser', 4, '-f x', 'PATH', 'name= neither quoted, hex nor (null)', (b) => put(b.PATH, 'name', '/usr/sbin/auditctl')],
  ['common_path_parser', 5, '-f x', 'PATH', 'hex name= with nothing after', (b) => endAt(put(b.PATH, 'name', '2F746D70'), 'name')],
  ['common_path_parser', 7, '-f x', 'PATH', 'name= of one hex digit', (b) => put(b.PATH, 'name', 'A')],
  ['common_path_parser', 7, '-f x', 'PATH', 'abstract name= (00...) with no hex after', (b) => put(b.PATH, 'name', '00ZZ')],
  ['avc_parse_path', 1, '-f x', 'AVC_PATH', 'no " path="', () => 'dev="vda1" ino=2'],
  ['avc_parse_path', 0, '-f x', 'CONFIG_CHANGE', 'no " path=": ignored for CONFIG_CHANGE', (b) => b.CONFIG_CHANGE],
  // parse_sockaddr: for -hn and -f.
  ['parse_sockaddr', 4, '-hn x', 'SOCKADDR', 'saddr= neither hex nor (...)', () => 'saddr=ZZ'],
  ['parse_sockaddr', 1, '-hn x', 'SOCKADDR', 'AF_INET shorter than sockaddr_in', () => 'saddr=02000050'],
  ['parse_sockaddr', 2, '-hn x', 'SOCKADDR', 'AF_INET6 shorter than sockaddr_in6', () => 'saddr=0A000050000000000000000000000000'],
  ['parse_sockaddr', 3, '-f x', 'SOCKADDR', 'AF_UNIX shorter than 4 bytes', () => 'saddr=0100'],
  // parse_user (USER and the USER_* range, ADD_GROUP, VIRT_*).
  ['parse_user', 1, '-p 1', 'USER_AUTH', 'no pid=', (b) => drop(b.USER_AUTH, 'pid')],
  ['parse_user', 2, '-p 1', 'USER_AUTH', 'nothing after pid=', (b) => endAt(b.USER_AUTH, 'pid')],
  ['parse_user', 3, '-p 1', 'USER_AUTH', 'pid= out of range', (b) => put(b.USER_AUTH, 'pid', TOO_BIG)],
  ['parse_user', 4, '-ui 0', 'USER_AUTH', 'no uid= (nor auid=)', (b) => drop(drop(b.USER_AUTH, 'uid'), 'auid')],
  ['parse_user', 5, '-ui 0', 'USER_AUTH', 'nothing after uid=', (b) => endAt(b.USER_AUTH, 'uid')],
  ['parse_user', 6, '-ui 0', 'USER_AUTH', 'uid= out of range', (b) => put(b.USER_AUTH, 'uid', TOO_BIG)],
  ['parse_user', 7, '-ul 0', 'USER_AUTH', 'no auid= nor loginuid=', (b) => drop(b.USER_AUTH, 'auid')],
  ['parse_user', 8, '-ul 0', 'USER_AUTH', 'nothing after auid=', (b) => endAt(b.USER_AUTH, 'auid')],
  ['parse_user', 9, '-ul 0', 'USER_AUTH', 'auid= out of range', (b) => put(b.USER_AUTH, 'auid', TOO_BIG)],
  ['parse_user', 10, '--session 1', 'USER_AUTH', 'nothing after ses=', (b) => endAt(b.USER_AUTH, 'ses')],
  ['parse_user', 11, '--session 1', 'USER_AUTH', 'ses= out of range', (b) => put(b.USER_AUTH, 'ses', TOO_BIG)],
  ['parse_user', 12, '-su x', 'USER_AUTH', 'nothing after subj=', (b) => `${b.USER_AUTH} subj=unconfined`],
  ['parse_user', 31, '-gi 0', 'ADD_GROUP', 'nothing after " id="', () => endAt(ADD_GROUP, 'id')],
  ['parse_user', 32, '-gi 0', 'ADD_GROUP', '" id=" out of range', () => put(ADD_GROUP, 'id', TOO_BIG)],
  ['parse_user', 23, '-vm x', 'VIRT_MACHINE_ID', 'vm=" never closed', () => `${unclosed(VIRT_MACHINE_ID, 'vm')}'`],
  ['parse_user', 24, '-uu x', 'VIRT_MACHINE_ID', 'empty uuid=', () => put(VIRT_MACHINE_ID, 'uuid', '')],
  ['parse_user', 27, '-su x', 'VIRT_MACHINE_ID', 'nothing after vm-ctx=', () => endAt(VIRT_MACHINE_ID, 'vm-ctx')],
  ['parse_user', 29, '-o x', 'VIRT_MACHINE_ID', 'nothing after img-ctx=', () => endAt(VIRT_MACHINE_ID, 'img-ctx')],
  ['parse_user', 2, '-f x', 'VIRT_RESOURCE', 'path=" never closed', () => "pid=1234 uid=0 auid=0 ses=22 msg='virt=kvm resrc=disk reason=start vm=\"guest\" path=\"/var/lib/guest.img'"],
  ['parse_user', 25, '-ui 0', 'USER_AUTH', 'a second uid= after neither space, quote, s nor u', (b) => b.USER_AUTH.replace('acct=', 'ouid=1 acct=')],
  ['parse_user', 0, '-ui 0', 'USER_AUTH', 'a second uid= after s ends the search', (b) => b.USER_AUTH.replace('acct=', 'suid=x acct=')],
  ['parse_user', 14, '-ui 0', 'USER_AUTH', 'a second uid= without digits', (b) => b.USER_AUTH.replace('acct=', 'uid=x acct=')],
  ['parse_user', 15, '-ui 0', 'USER_AUTH', 'a second uid= out of range', (b) => b.USER_AUTH.replace('acct=', `uid=${TOO_BIG} acct=`)],
  ['parse_user', 16, '-c x', 'USER_AUTH', 'comm=" never closed', (b) => b.USER_AUTH.replace("res=success'", 'res=success comm="su')],
  ['parse_user', 17, '-hn x', 'USER_AUTH', 'hostname= with no comma or space after', (b) => endAt(put(b.USER_AUTH, 'hostname', 'host'), 'hostname')],
  ['parse_user', 18, '-hn x', 'USER_AUTH', 'hostname=? then addr= with no comma or space after', (b) => endAt(b.USER_AUTH, 'addr')],
  ['parse_user', 20, '-f x', 'USER_AUTH', 'cwd=" never closed', (b) => b.USER_AUTH.replace("res=success'", 'res=success cwd="/root')],
  ['parse_user', 19, '-tm x', 'USER_AUTH', 'terminal= with no space or ) after', (b) => endAt(b.USER_AUTH, 'terminal')],
  ['parse_user', 26, '-x x', 'USER_AUTH', 'exe=" never closed', (b) => endAt(b.USER_AUTH, 'exe').slice(0, -1)],
  ['parse_user', 21, '-sv yes', 'USER_AUTH', "res= with no ' after", (b) => b.USER_AUTH.slice(0, -1)],
  ['parse_user', 22, '-sv yes', 'USER_AUTH', 'result= with no ) after', (b) => b.USER_AUTH.replace("res=success'", 'result=success')],
  // parse_avc for USER_AVC: parse_user's codes above 20 do not count.
  ['parse_avc', 2, '', 'USER_AVC', 'no } after {', () => USER_AVC.replace('{ status }', '{ status')],
  ['parse_avc', 1, '-p 1', 'USER_AVC', 'parse_user: no pid=', () => drop(USER_AVC, 'pid')],
  ['parse_avc', 0, '-sv yes', 'USER_AVC', "parse_user: res= with no ' after (21, ignored)", () => `${USER_AVC.slice(0, -1)} res=success`],
  // parse_avc for AVC.
  ['parse_avc', 2, '', 'AVC', 'no } after {', () => AVC.replace('{ read }', '{ read')],
  ['parse_avc', 9, '', 'AVC', 'no tclass=', () => drop(AVC, 'tclass')],
  ['parse_avc', 0, '', 'AVC', 'no { at all', () => AVC.replace('{ read } ', '')],
  ['parse_avc', 3, '-p 1', 'AVC', 'nothing after pid=', () => endAt(AVC, 'pid')],
  ['parse_avc', 4, '-p 1', 'AVC', 'pid= out of range', () => put(AVC, 'pid', TOO_BIG)],
  ['parse_avc', 5, '-c x', 'AVC', 'no comm=', () => drop(AVC, 'comm')],
  ['parse_avc', 6, '-c x', 'AVC', 'comm=" never closed', () => unclosed(AVC, 'comm')],
  ['parse_avc', 11, '-c x', 'AVC', 'comm= neither quoted nor hex', () => put(AVC, 'comm', 'ZZ')],
  ['parse_avc', 4, '-f x', 'AVC', 'name= neither quoted, hex nor (null)', () => put(AVC, 'name', 'shadow')],
  ['parse_avc', 7, '-su x', 'AVC', 'nothing after scontext=', () => endAt(AVC, 'scontext')],
  ['parse_avc', 8, '-o x', 'AVC', 'nothing after tcontext=', () => endAt(AVC, 'tcontext')],
  // parse_kernel_anom (SECCOMP, ANOM_PROMISCUOUS, ANOM_ABEND).
  ['parse_kernel_anom', 15, '', 'SECCOMP', 'nothing after arch=', (b) => endAt(b.SECCOMP, 'arch')],
  ['parse_kernel_anom', 16, '', 'SECCOMP', 'arch= out of range', (b) => put(b.SECCOMP, 'arch', TOO_BIG_HEX)],
  ['parse_kernel_anom', 17, '', 'SECCOMP', 'no syscall=', (b) => drop(b.SECCOMP, 'syscall')],
  ['parse_kernel_anom', 18, '', 'SECCOMP', 'nothing after syscall=', (b) => endAt(b.SECCOMP, 'syscall')],
  ['parse_kernel_anom', 19, '', 'SECCOMP', 'syscall= out of range', (b) => put(b.SECCOMP, 'syscall', TOO_BIG)],
  ['parse_kernel_anom', 0, '', 'SECCOMP', 'no arch= (older kernels)', (b) => drop(b.SECCOMP, 'arch')],
  ['parse_kernel_anom', 1, '-ul 0', 'SECCOMP', 'no auid=', (b) => drop(b.SECCOMP, 'auid')],
  ['parse_kernel_anom', 2, '-ul 0', 'SECCOMP', 'auid= out of range', (b) => put(b.SECCOMP, 'auid', TOO_BIG)],
  ['parse_kernel_anom', 3, '-ui 0', 'SECCOMP', 'uid= (auid=\'s) with nothing after', (b) => endAt(b.SECCOMP, 'auid')],
  ['parse_kernel_anom', 4, '-ui 0', 'SECCOMP', 'uid= (auid=\'s) out of range', (b) => put(b.SECCOMP, 'auid', TOO_BIG)],
  ['parse_kernel_anom', 5, '-gi 0', 'SECCOMP', 'nothing after gid=', (b) => endAt(b.SECCOMP, 'gid')],
  ['parse_kernel_anom', 6, '-gi 0', 'SECCOMP', 'gid= out of range', (b) => put(b.SECCOMP, 'gid', TOO_BIG)],
  ['parse_kernel_anom', 7, '--session 1', 'SECCOMP', 'ses= out of range', (b) => put(b.SECCOMP, 'ses', TOO_BIG)],
  ['parse_kernel_anom', 8, '-su x', 'SECCOMP', 'nothing after subj=', (b) => `${b.SECCOMP} subj=unconfined`],
  ['parse_kernel_anom', 10, '-p 1', 'SECCOMP', 'nothing after pid=', (b) => endAt(b.SECCOMP, 'pid')],
  ['parse_kernel_anom', 11, '-p 1', 'SECCOMP', 'pid= out of range', (b) => put(b.SECCOMP, 'pid', TOO_BIG)],
  ['parse_kernel_anom', 12, '-c x', 'SECCOMP', 'comm=" never closed', (b) => unclosed(b.SECCOMP, 'comm')],
  ['parse_kernel_anom', 13, '-x x', 'SECCOMP', 'exe=" never closed', (b) => unclosed(b.SECCOMP, 'exe')],
  ['parse_kernel_anom', 14, '-x x', 'SECCOMP', 'no exe=', (b) => drop(b.SECCOMP, 'exe')],
  ['parse_kernel_anom', 0, '-x x', 'ANOM_ABEND', 'no exe= (allowed for ANOM_ABEND)', (b) => drop(b.ANOM_ABEND, 'exe')],
  ['parse_kernel_anom', 68, '-sv yes', 'ANOM_ABEND', 'res= out of range', (b) => put(b.ANOM_ABEND, 'res', TOO_BIG)],
  ['parse_kernel_anom', 0, '-su x', 'ANOM_PROMISCUOUS', 'nothing after subj= (not read for ANOM_PROMISCUOUS)', () => `${ANOM_PROMISCUOUS} subj=unconfined`],
  // parse_simple_message (CONFIG_CHANGE, MAC_*).
  ['parse_simple_message', 1, '-ul 0', 'MAC_IPSEC_EVENT', 'no auid=', () => drop(MAC_IPSEC_EVENT, 'auid')],
  ['parse_simple_message', 0, '-ul 0', 'CONFIG_CHANGE', 'no auid= (allowed for CONFIG_CHANGE)', (b) => drop(b.CONFIG_CHANGE, 'auid')],
  ['parse_simple_message', 2, '-ul 0', 'CONFIG_CHANGE', 'auid= out of range', (b) => put(b.CONFIG_CHANGE, 'auid', TOO_BIG)],
  ['parse_simple_message', 3, '--session 1', 'CONFIG_CHANGE', 'ses= out of range', (b) => put(b.CONFIG_CHANGE, 'ses', TOO_BIG)],
  ['parse_simple_message', 6, '-k x', 'CONFIG_CHANGE', 'key=" never closed', (b) => unclosed(b.CONFIG_CHANGE, 'key')],
  ['parse_simple_message', 8, '-k x', 'CONFIG_CHANGE', 'key= neither quoted nor hex', (b) => put(b.CONFIG_CHANGE, 'key', 'ZZ')],
  ['parse_simple_message', 7, '-sv yes', 'CONFIG_CHANGE', 'res= out of range', (b) => put(b.CONFIG_CHANGE, 'res', TOO_BIG)],
  // parse_login.
  ['parse_login', 1, '-p 1', 'LOGIN', 'no pid=', (b) => drop(b.LOGIN, 'pid')],
  ['parse_login', 2, '-p 1', 'LOGIN', 'nothing after pid=', (b) => endAt(b.LOGIN, 'pid')],
  ['parse_login', 3, '-p 1', 'LOGIN', 'pid= out of range', (b) => put(b.LOGIN, 'pid', TOO_BIG)],
  ['parse_login', 4, '-ui 0', 'LOGIN', 'no uid= anywhere', (b) => drop(drop(drop(b.LOGIN, 'uid'), 'old-auid'), 'auid')],
  ['parse_login', 5, '-ui 0', 'LOGIN', 'nothing after uid=', (b) => endAt(b.LOGIN, 'uid')],
  ['parse_login', 6, '-ui 0', 'LOGIN', 'uid= out of range', (b) => put(b.LOGIN, 'uid', TOO_BIG)],
  ['parse_login', 12, '-su x', 'LOGIN', 'nothing after subj=', (b) => `${b.LOGIN} subj=unconfined`],
  ['parse_login', 7, '-ul 0', 'LOGIN', 'no " auid=", new auid= nor new loginuid=', (b) => drop(b.LOGIN, 'auid')],
  ['parse_login', 8, '-ul 0', 'LOGIN', 'auid= out of range', (b) => put(b.LOGIN, 'auid', TOO_BIG)],
  ['parse_login', 9, '-sv yes', 'LOGIN', 'res= out of range', (b) => put(b.LOGIN, 'res', TOO_BIG)],
  ['parse_login', 14, '--session 1', 'LOGIN', 'no " ses=" nor new ses=', (b) => drop(b.LOGIN, 'ses')],
  ['parse_login', 11, '--session 1', 'LOGIN', 'ses= out of range', (b) => put(b.LOGIN, 'ses', TOO_BIG)],
  // parse_daemon1 (DAEMON_START and kin) and parse_daemon2 (DAEMON_ACCEPT, DAEMON_CLOSE).
  ['parse_daemon1', 1, '-ul 0', 'DAEMON_START', 'no auid=', () => drop(DAEMON_START, 'auid')],
  ['parse_daemon1', 2, '-ul 0', 'DAEMON_START', 'nothing after auid=', () => endAt(DAEMON_START, 'auid')],
  ['parse_daemon1', 3, '-ul 0', 'DAEMON_START', 'auid= out of range', () => put(DAEMON_START, 'auid', TOO_BIG)],
  ['parse_daemon1', 4, '-p 1', 'DAEMON_START', 'no pid=', () => drop(DAEMON_START, 'pid')],
  ['parse_daemon1', 5, '-p 1', 'DAEMON_START', 'nothing after pid=', () => endAt(DAEMON_START, 'pid')],
  ['parse_daemon1', 6, '-p 1', 'DAEMON_START', 'pid= out of range', () => put(DAEMON_START, 'pid', TOO_BIG)],
  ['parse_daemon1', 7, '-ui 0', 'DAEMON_START', 'nothing after uid=', () => endAt(DAEMON_START, 'uid')],
  ['parse_daemon1', 8, '-ui 0', 'DAEMON_START', 'uid= out of range', () => put(DAEMON_START, 'uid', TOO_BIG)],
  ['parse_daemon1', 9, '--session 1', 'DAEMON_START', 'nothing after ses=', () => endAt(DAEMON_START, 'ses')],
  ['parse_daemon1', 10, '--session 1', 'DAEMON_START', 'ses= out of range', () => put(DAEMON_START, 'ses', TOO_BIG)],
  ['parse_daemon1', 12, '-sv yes', 'DAEMON_START', 'res= not a word', () => put(DAEMON_START, 'res', '1')],
  ['parse_daemon2', 1, '-hn x', 'DAEMON_ACCEPT', 'addr= with no colon or space after', () => endAt(DAEMON_ACCEPT, 'addr')],
  ['parse_daemon2', 2, '-sv yes', 'DAEMON_ACCEPT', 'res= not a word', () => put(DAEMON_ACCEPT, 'res', '1')],
  // parse_integrity (INTEGRITY_DATA .. INTEGRITY_RULE): pid= is always read.
  ['parse_integrity', 1, '', 'INTEGRITY_DATA', 'nothing after pid=', () => endAt(INTEGRITY, 'pid')],
  ['parse_integrity', 2, '', 'INTEGRITY_DATA', 'pid= out of range', () => put(INTEGRITY, 'pid', TOO_BIG)],
  ['parse_integrity', 3, '-ui 0', 'INTEGRITY_DATA', 'nothing after " uid="', () => endAt(INTEGRITY, 'uid')],
  ['parse_integrity', 0, '-ui 0', 'INTEGRITY_DATA', '" uid=" is read from its =: never out of range', () => put(INTEGRITY, 'uid', TOO_BIG)],
  ['parse_integrity', 5, '-ul 0', 'INTEGRITY_DATA', 'nothing after auid=', () => endAt(INTEGRITY, 'auid')],
  ['parse_integrity', 6, '-ul 0', 'INTEGRITY_DATA', 'auid= out of range', () => put(INTEGRITY, 'auid', TOO_BIG)],
  ['parse_integrity', 10, '--session 1', 'INTEGRITY_DATA', 'nothing after ses=', () => endAt(INTEGRITY, 'ses')],
  ['parse_integrity', 11, '--session 1', 'INTEGRITY_DATA', 'ses= out of range', () => put(INTEGRITY, 'ses', TOO_BIG)],
  ['parse_integrity', 12, '-su x', 'INTEGRITY_DATA', 'nothing after subj=', () => `${INTEGRITY} subj=unconfined`],
  ['parse_integrity', 7, '-c x', 'INTEGRITY_RULE', 'comm=" never closed', () => unclosed(INTEGRITY, 'comm')],
  ['parse_integrity', 8, '-f x', 'INTEGRITY_DATA', 'name= neither quoted, hex nor (null)', () => put(INTEGRITY, 'name', '/etc/hosts')],
  ['parse_integrity', 9, '-sv yes', 'INTEGRITY_DATA', 'res= out of range', () => put(INTEGRITY, 'res', TOO_BIG)],
  // parse_kernel (NETFILTER_CFG, EVENT_LISTENER).
  ['parse_kernel', 54, '-p 1', 'EVENT_LISTENER', 'no " pid="', () => drop(EVENT_LISTENER, 'pid')],
  ['parse_kernel', 52, '-p 1', 'EVENT_LISTENER', 'nothing after pid=', () => endAt(EVENT_LISTENER, 'pid')],
  ['parse_kernel', 53, '-p 1', 'EVENT_LISTENER', 'pid= out of range', () => put(EVENT_LISTENER, 'pid', TOO_BIG)],
  ['parse_kernel', 55, '-ui 0', 'EVENT_LISTENER', 'nothing after uid=', () => endAt(EVENT_LISTENER, 'uid')],
  ['parse_kernel', 56, '-ui 0', 'EVENT_LISTENER', 'uid= out of range', () => put(EVENT_LISTENER, 'uid', TOO_BIG)],
  ['parse_kernel', 57, '-ul 0', 'EVENT_LISTENER', 'nothing after auid=', () => endAt(EVENT_LISTENER, 'auid')],
  ['parse_kernel', 58, '-ul 0', 'EVENT_LISTENER', 'auid= out of range', () => put(EVENT_LISTENER, 'auid', TOO_BIG)],
  ['parse_kernel', 59, '-tm x', 'EVENT_LISTENER', 'nothing after tty=', () => endAt(EVENT_LISTENER, 'tty')],
  ['parse_kernel', 60, '--session 1', 'EVENT_LISTENER', 'nothing after ses=', () => endAt(EVENT_LISTENER, 'ses')],
  ['parse_kernel', 61, '--session 1', 'EVENT_LISTENER', 'ses= out of range', () => put(EVENT_LISTENER, 'ses', TOO_BIG)],
  ['parse_kernel', 64, '-su x', 'EVENT_LISTENER', 'no subj=', () => drop(EVENT_LISTENER, 'subj')],
  ['parse_kernel', 62, '-su x', 'EVENT_LISTENER', 'nothing after subj=', () => endAt(EVENT_LISTENER, 'subj')],
  ['parse_kernel', 66, '-c x', 'NETFILTER_CFG', 'no comm=', () => drop(EVENT_LISTENER, 'comm')],
  ['parse_kernel', 65, '-c x', 'NETFILTER_CFG', 'comm=" never closed', () => unclosed(EVENT_LISTENER, 'comm')],
  ['parse_kernel', 67, '-x x', 'NETFILTER_CFG', 'exe=" never closed', () => unclosed(EVENT_LISTENER, 'exe')],
  ['parse_kernel', 69, '-sv yes', 'NETFILTER_CFG', 'res= out of range', () => put(EVENT_LISTENER, 'res', TOO_BIG)],
  // parse_tty.
  ['parse_tty', 1, '-p 1', 'TTY', 'nothing after pid=', () => endAt(TTY, 'pid')],
  ['parse_tty', 2, '-p 1', 'TTY', 'pid= out of range', () => put(TTY, 'pid', TOO_BIG)],
  ['parse_tty', 3, '-ui 0', 'TTY', 'nothing after " uid="', () => endAt(TTY, 'uid')],
  ['parse_tty', 5, '-ul 0', 'TTY', 'no auid=', () => drop(TTY, 'auid')],
  ['parse_tty', 6, '-ul 0', 'TTY', 'auid= out of range', () => put(TTY, 'auid', TOO_BIG)],
  ['parse_tty', 7, '--session 1', 'TTY', 'nothing after ses=', () => endAt(TTY, 'ses')],
  ['parse_tty', 8, '--session 1', 'TTY', 'ses= out of range', () => put(TTY, 'ses', TOO_BIG)],
  ['parse_tty', 11, '-c x', 'TTY', 'comm=" never closed', () => unclosed(TTY, 'comm')],
  // parse_pkt.
  ['parse_pkt', 1, '-hn x', 'NETFILTER_PKT', 'nothing after saddr=', () => endAt(NETFILTER_PKT, 'saddr')],
];

export const FAILURE_CASES: readonly FailureCase[] = ROWS.map(([parser, rc, args, type, what, body]) => ({
  parser, rc, args: args === '' ? [] : args.split(' '), type, what, body,
}));
