// How `ausearch -i` reads the a0..a3 arguments of a SYSCALL record, by syscall
// name (any machine). Source: the behaviour of auparse 3.0.9 (print_a0..a3),
// checked for every syscall name of every machine against ausearch in
// test/interpret/syscall-args.test.ts. Arguments not listed print as 0x<hex>.
// Quirks kept on purpose: clone's flags are read from a2, chown's gid (a2) is
// never named, and only `open`/`mq_open` print a mode when a1 has O_CREAT.

export type ArgKind =
  | 'signal'
  | 'dirfd'
  | 'clock'
  | 'personality'
  | 'ptrace'
  | 'prctl-option'
  | 'prctl-arg'
  | 'clone-flags'
  | 'rlimit'
  | 'uid'
  | 'gid'
  | 'socket-domain'
  | 'socket-type'
  | 'socket-proto'
  | 'socketcall'
  | 'exit-status'
  | 'bpf-cmd'
  | 'mode'
  | 'mode-short'
  | 'open-mode'
  | 'fcntl-cmd'
  | 'fcntl-arg'
  | 'sockopt-level'
  | 'sockopt-name'
  | 'sched'
  | 'open-flags'
  | 'access'
  | 'epoll-ctl'
  | 'umount'
  | 'ioctl-req'
  | 'recv'
  | 'shm-flags'
  | 'prot'
  | 'prot-mmap'
  | 'seek'
  | 'mmap'
  | 'mount';

type ArgTable = Readonly<Record<string, ArgKind>>;

const dirfd = (...names: string[]): Record<string, ArgKind> => Object.fromEntries(names.map((n) => [n, 'dirfd']));

export const A0: ArgTable = {
  ...dirfd(
    'renameat', 'renameat2', 'readlinkat', 'mkdirat', 'mknodat', 'fchownat', 'futimesat', 'fchmodat', 'faccessat',
    'faccessat2', 'futimensat', 'unlinkat', 'utimensat', 'linkat', 'newfstatat', 'openat', 'openat2', 'name_to_handle_at',
  ),
  rt_sigaction: 'signal',
  clock_settime: 'clock',
  personality: 'personality',
  ptrace: 'ptrace',
  prctl: 'prctl-option',
  unshare: 'clone-flags',
  getrlimit: 'rlimit',
  setrlimit: 'rlimit',
  setuid: 'uid',
  setreuid: 'uid',
  setresuid: 'uid',
  setfsuid: 'uid',
  setgid: 'gid',
  setregid: 'gid',
  setresgid: 'gid',
  setfsgid: 'gid',
  socket: 'socket-domain',
  socketcall: 'socketcall',
  exit: 'exit-status',
  exit_group: 'exit-status',
  bpf: 'bpf-cmd',
};

export const A1: ArgTable = {
  fchmod: 'mode-short',
  fcntl: 'fcntl-cmd',
  fcntl64: 'fcntl-cmd',
  chmod: 'mode-short',
  chown: 'uid',
  chown32: 'uid',
  creat: 'mode-short',
  getsockopt: 'sockopt-level',
  setsockopt: 'sockopt-level',
  setreuid: 'uid',
  setresuid: 'uid',
  setregid: 'gid',
  setresgid: 'gid',
  socket: 'socket-type',
  setns: 'clone-flags',
  sched_setscheduler: 'sched',
  mkdir: 'mode-short',
  mknod: 'mode',
  mq_open: 'open-flags',
  open: 'open-flags',
  access: 'access',
  epoll_ctl: 'epoll-ctl',
  kill: 'signal',
  prctl: 'prctl-arg',
  tkill: 'signal',
  umount2: 'umount',
  ioctl: 'ioctl-req',
};

export const A2: ArgTable = {
  fcntl: 'fcntl-arg',
  fcntl64: 'fcntl-arg',
  getsockopt: 'sockopt-name',
  setsockopt: 'sockopt-name',
  openat: 'open-flags',
  open: 'open-mode',
  open_by_handle_at: 'open-flags',
  fchmodat: 'mode-short',
  faccessat: 'access',
  faccessat2: 'access',
  setresuid: 'uid',
  setresgid: 'gid',
  socket: 'socket-proto',
  sendmsg: 'recv',
  shmget: 'shm-flags',
  mmap: 'prot-mmap',
  mkdirat: 'mode-short',
  mknodat: 'mode-short',
  mprotect: 'prot',
  mq_open: 'open-mode',
  recvmsg: 'recv',
  readlinkat: 'dirfd',
  renameat: 'dirfd',
  renameat2: 'dirfd',
  linkat: 'dirfd',
  lseek: 'seek',
  clone: 'clone-flags',
  clone2: 'clone-flags',
  tgkill: 'signal',
};

export const A3: ArgTable = {
  mmap: 'mmap',
  mount: 'mount',
  recv: 'recv',
  recvfrom: 'recv',
  recvmmsg: 'recv',
  send: 'recv',
  sendto: 'recv',
  sendmmsg: 'recv',
};

export const ARG_TABLES = [A0, A1, A2, A3] as const;
