// The fixed micro-workload `auspex ctl --cost` times, compiled with cc when the
// command runs: N calls of each test syscall, driven by one command a line on
// stdin, answers on stdout. A timed loop makes no syscall but the one it
// times (the clock is the vDSO's). execve keeps the pid, so `exec N` runs this
// program again N times over and the last image reports the time.
// When its stdin ends (auspex was killed), it deletes the rules listed in
// DIR/guard itself, and DIR, before it exits: auspex's temporary rules
// outlive neither.
//
//   ./rule-cost DIR         prints "ready PID", then reads commands:
//   facts                   "facts arch=HEX pid= ppid= uid= ... exe=HEX cwd=HEX"
//   describe                one "syscall ..." line per test syscall: its number,
//                           arguments, result, and the path or address it uses
//   open N | stat N | connect N | exec N | getpid N
//                           "result SYSCALL N TOTAL_NS" (open: openat and close)
//   quit                    (end without touching rules)
// DIR holds `target`, the file opened and stat'ed, and `guard`: one hex
// audit_rule_data a line, each sent as AUDIT_DEL_RULE on end of input.
// Strings are sent as hex.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/time.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/personality.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__)
#define WORKLOAD_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define WORKLOAD_ARCH AUDIT_ARCH_AARCH64
#else
#error "auspex ctl --cost supports x86_64 and aarch64"
#endif

#define BATCH 256

extern char **environ;

static char dir[2048];
static char target[2100];
static char self[4096];
static int fds[BATCH];
// Arguments live in static storage, so `describe` reports the very values the timed calls pass.
static struct stat stat_buf;
static struct sockaddr_in peer;
static char *exec_argv[7];
static char *exec_envp[256];
static char exec_args[3][32];

static uint64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static void guard(void);

static void say(const char *fmt, ...) {
  char buf[16384];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if ((size_t)n >= sizeof buf) n = sizeof buf - 1;
  for (int off = 0; off < n;) {
    ssize_t w = write(1, buf + off, (size_t)(n - off));
    if (w <= 0) {
      // auspex is gone (SIGPIPE is ignored, so the write fails instead of killing us first).
      guard();
      _exit(3);
    }
    off += (int)w;
  }
}

static const char *hex(const void *p, size_t len, char *out) {
  static const char digits[] = "0123456789ABCDEF";
  const unsigned char *s = p;
  for (size_t i = 0; i < len; i++) {
    out[2 * i] = digits[s[i] >> 4];
    out[2 * i + 1] = digits[s[i] & 15];
  }
  out[2 * len] = 0;
  return out;
}

/** /proc/self/loginuid and sessionid, as the number text they hold. */
static const char *proc_number(const char *path, char *out, size_t cap) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  ssize_t n = fd < 0 ? -1 : read(fd, out, cap - 1);
  if (fd >= 0) close(fd);
  if (n <= 0) return "?";
  out[n] = 0;
  out[strcspn(out, "\n")] = 0;
  return out;
}

static void facts(void) {
  uid_t r, e, s;
  gid_t gr, ge, gs;
  char cwd[4096], exe_hex[8193], cwd_hex[8193], auid[32], ses[32];
  getresuid(&r, &e, &s);
  getresgid(&gr, &ge, &gs);
  // setfsuid/setfsgid with an invalid id change nothing and return the current one.
  unsigned fsuid = (unsigned)setfsuid((uid_t)-1), fsgid = (unsigned)setfsgid((gid_t)-1);
  if (getcwd(cwd, sizeof cwd) == NULL) strcpy(cwd, "/");
  say("facts arch=%x pid=%d ppid=%d uid=%u euid=%u suid=%u fsuid=%u gid=%u egid=%u sgid=%u fsgid=%u auid=%s ses=%s pers=%d exe=%s cwd=%s\n",
      (unsigned)WORKLOAD_ARCH, (int)getpid(), (int)getppid(), (unsigned)r, (unsigned)e, (unsigned)s, fsuid, (unsigned)gr, (unsigned)ge,
      (unsigned)gs, fsgid, proc_number("/proc/self/loginuid", auid, sizeof auid), proc_number("/proc/self/sessionid", ses, sizeof ses),
      personality(0xffffffff), hex(self, strlen(self), exe_hex), hex(cwd, strlen(cwd), cwd_hex));
}

static void path_line(const char *test, const char *name, long nr, unsigned long a0, unsigned long a1, unsigned long a2, long exit_value, const char *path) {
  struct stat st;
  char path_hex[8193];
  if (stat(path, &st) != 0) memset(&st, 0, sizeof st);
  say("syscall test=%s name=%s nr=%ld a0=%lx a1=%lx a2=%lx a3=0 exit=%ld path=%s inode=%lu dev=%02x:%02x mode=%o ouid=%u ogid=%u\n",
      test, name, nr, a0, a1, a2, exit_value, hex(path, strlen(path), path_hex), (unsigned long)st.st_ino, major(st.st_dev), minor(st.st_dev),
      (unsigned)st.st_mode, (unsigned)st.st_uid, (unsigned)st.st_gid);
}

static void set_peer(void) {
  memset(&peer, 0, sizeof peer);
  peer.sin_family = AF_INET;
  peer.sin_port = htons(9); // discard: a UDP connect only sets the peer
  peer.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
}

/** What each test syscall is called with and returns, done once outside any timing. */
static void describe(void) {
  long fd = syscall(SYS_openat, (long)AT_FDCWD, target, (long)(O_RDONLY | O_CLOEXEC));
  path_line("open", "openat", SYS_openat, (unsigned long)(long)AT_FDCWD, (unsigned long)target, O_RDONLY | O_CLOEXEC, fd < 0 ? -errno : fd, target);
  long rc = syscall(SYS_close, fd);
  say("syscall test=open name=close nr=%ld a0=%lx a1=0 a2=0 a3=0 exit=%ld\n", (long)SYS_close, (unsigned long)fd, rc < 0 ? -errno : rc);
  rc = syscall(SYS_newfstatat, (long)AT_FDCWD, target, &stat_buf, 0L);
  path_line("stat", "newfstatat", SYS_newfstatat, (unsigned long)(long)AT_FDCWD, (unsigned long)target, (unsigned long)&stat_buf, rc < 0 ? -errno : rc, target);
  int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  char addr_hex[2 * sizeof peer + 1];
  rc = syscall(SYS_connect, (long)s, &peer, (long)sizeof peer);
  say("syscall test=connect name=connect nr=%ld a0=%lx a1=%lx a2=%lx a3=0 exit=%ld saddr=%s\n", (long)SYS_connect, (unsigned long)s,
      (unsigned long)&peer, (unsigned long)sizeof peer, rc < 0 ? -errno : rc, hex(&peer, sizeof peer, addr_hex));
  close(s);
  path_line("exec", "execve", SYS_execve, (unsigned long)self, (unsigned long)exec_argv, (unsigned long)exec_envp, 0, self);
  say("syscall test=getpid name=getpid nr=%ld a0=0 a1=0 a2=0 a3=0 exit=%ld\n", (long)SYS_getpid, (long)getpid());
}

static void run_open(long n) {
  uint64_t opening = 0, closing = 0;
  for (long done = 0; done < n;) {
    int b = n - done > BATCH ? BATCH : (int)(n - done);
    uint64_t t0 = now_ns();
    for (int i = 0; i < b; i++) fds[i] = (int)syscall(SYS_openat, (long)AT_FDCWD, target, (long)(O_RDONLY | O_CLOEXEC));
    uint64_t t1 = now_ns();
    for (int i = 0; i < b; i++) syscall(SYS_close, (long)fds[i]);
    uint64_t t2 = now_ns();
    opening += t1 - t0;
    closing += t2 - t1;
    done += b;
  }
  say("result openat %ld %llu\n", n, (unsigned long long)opening);
  say("result close %ld %llu\n", n, (unsigned long long)closing);
}

static void run_stat(long n) {
  uint64_t t0 = now_ns();
  for (long i = 0; i < n; i++) syscall(SYS_newfstatat, (long)AT_FDCWD, target, &stat_buf, 0L);
  say("result newfstatat %ld %llu\n", n, (unsigned long long)(now_ns() - t0));
}

static void run_connect(long n) {
  int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  uint64_t t0 = now_ns();
  for (long i = 0; i < n; i++) syscall(SYS_connect, (long)s, &peer, (long)sizeof peer);
  uint64_t t = now_ns() - t0;
  close(s);
  say("result connect %ld %llu\n", n, (unsigned long long)t);
}

static void run_getpid(long n) {
  uint64_t t0 = now_ns();
  for (long i = 0; i < n; i++) syscall(SYS_getpid);
  say("result getpid %ld %llu\n", n, (unsigned long long)(now_ns() - t0));
}

/** One link of `exec N`: run this program again, or, when none is left, report. */
static void exec_chain(long left, long total, unsigned long long t0) {
  if (left == 0) {
    say("result execve %ld %llu\n", total, (unsigned long long)(now_ns() - t0));
    return;
  }
  snprintf(exec_args[0], sizeof exec_args[0], "%ld", left - 1);
  snprintf(exec_args[1], sizeof exec_args[1], "%ld", total);
  snprintf(exec_args[2], sizeof exec_args[2], "%llu", t0);
  syscall(SYS_execve, self, exec_argv, exec_envp);
  say("error execve %s\n", strerror(errno));
}

static int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/** auspex is gone: delete the rules it listed in DIR/guard (a rule already gone answers ENOENT, which is fine). */
static void guard(void) {
  static char line[2 * 9000 + 2];
  static unsigned char msg[NLMSG_HDRLEN + 9000 + 4];
  char path[2200];
  snprintf(path, sizeof path, "%s/guard", dir);
  FILE *f = fopen(path, "re");
  if (f == NULL) return;
  int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
  struct timeval tv = {1, 0};
  if (s >= 0) setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  for (unsigned seq = 1; s >= 0 && fgets(line, sizeof line, f) != NULL; seq++) {
    size_t n = strcspn(line, "\n");
    if (n == 0 || n % 2 != 0 || n / 2 > 9000) continue;
    memset(msg, 0, sizeof msg);
    size_t len = n / 2, i = 0;
    for (; i < len; i++) {
      int hi = hex_digit(line[2 * i]), lo = hex_digit(line[2 * i + 1]);
      if (hi < 0 || lo < 0) break;
      msg[NLMSG_HDRLEN + i] = (unsigned char)(hi << 4 | lo);
    }
    if (i != len) continue;
    struct nlmsghdr *h = (struct nlmsghdr *)msg;
    h->nlmsg_len = NLMSG_LENGTH(len);
    h->nlmsg_type = AUDIT_DEL_RULE;
    h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
    h->nlmsg_seq = seq;
    struct sockaddr_nl to = {.nl_family = AF_NETLINK};
    if (sendto(s, msg, NLMSG_ALIGN(h->nlmsg_len), 0, (struct sockaddr *)&to, sizeof to) < 0) continue;
    char ack[1024];
    (void)!recv(s, ack, sizeof ack, 0);
  }
  if (s >= 0) close(s);
  fclose(f);
  // auspex cannot clean its folder now: the files it made there, then the folder (the binary may be running: unlinking is fine).
  static const char *const made[] = {"guard", "target", "rule-cost"};
  for (size_t i = 0; i < sizeof made / sizeof made[0]; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, made[i]);
    unlink(path);
  }
  rmdir(dir);
}

static int read_line(char *buf, size_t cap) {
  size_t n = 0;
  for (;;) {
    char c;
    // One byte at a time: nothing meant for a later image may be read ahead of an execve.
    ssize_t r = read(0, &c, 1);
    if (r <= 0) return -1;
    if (c == '\n') break;
    if (n + 1 < cap) buf[n++] = c;
  }
  buf[n] = 0;
  return (int)n;
}

static void serve(void) {
  char line[256], cmd[32];
  long n;
  for (;;) {
    if (read_line(line, sizeof line) < 0) {
      guard();
      return;
    }
    n = 0;
    if (sscanf(line, "%31s %ld", cmd, &n) < 1) continue;
    if (strcmp(cmd, "quit") == 0) return;
    if (strcmp(cmd, "facts") == 0) facts();
    else if (strcmp(cmd, "describe") == 0) describe();
    else if (n <= 0) say("error %s needs a positive count\n", cmd);
    else if (strcmp(cmd, "open") == 0) run_open(n);
    else if (strcmp(cmd, "stat") == 0) run_stat(n);
    else if (strcmp(cmd, "connect") == 0) run_connect(n);
    else if (strcmp(cmd, "getpid") == 0) run_getpid(n);
    else if (strcmp(cmd, "exec") == 0) exec_chain(n, n, (unsigned long long)now_ns());
    else say("error unknown command %s\n", cmd);
  }
}

/** The argument and environment arrays of the exec test, pointing at this image's strings. */
static void set_exec_args(void) {
  char *const list[] = {self, "--exec-chain", exec_args[0], exec_args[1], exec_args[2], dir, NULL};
  memcpy(exec_argv, list, sizeof list);
  size_t n = 0;
  for (; environ[n] != NULL && n + 1 < sizeof exec_envp / sizeof exec_envp[0]; n++) exec_envp[n] = environ[n];
  exec_envp[n] = NULL;
}

int main(int argc, char **argv) {
  if (argc == 6 && strcmp(argv[1], "--exec-chain") == 0) {
    // A link of the exec chain: argv carries what the first image knew, so no syscall is spent finding it out.
    snprintf(self, sizeof self, "%s", argv[0]);
    snprintf(dir, sizeof dir, "%s", argv[5]);
    snprintf(target, sizeof target, "%s/target", dir);
    set_exec_args();
    set_peer();
    exec_chain(atol(argv[2]), atol(argv[3]), strtoull(argv[4], NULL, 10));
    serve();
    return 0;
  }
  if (argc != 2) {
    fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  // Kept across execve: a write to a closed pipe must fail, not kill the workload before its guard ran.
  signal(SIGPIPE, SIG_IGN);
  ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
  if (len <= 0) return 1;
  self[len] = 0;
  snprintf(dir, sizeof dir, "%s", argv[1]);
  snprintf(target, sizeof target, "%s/target", dir);
  set_exec_args();
  set_peer();
  say("ready %d\n", (int)getpid());
  serve();
  return 0;
}
