// Captures what auditctl 3.0.9 does with each line of
// test/fixtures/rules/golden.rules on this kernel, into golden.jsonl beside it:
// the AUDIT_ADD_RULE payload it sends (strace -e trace=sendto -xx), its stderr
// and exit code, the rule as the kernel lists it back (the LIST_RULES payload)
// and auditctl's `-l` line for it. Each added rule is deleted right away.
// Needs root, strace and auditctl; run once, commit the result:
//
//   node dist/scripts/capture-rule-fixtures.js
//
// Safety: it only adds rules whose key starts with auspex-test- or, for the
// user/exclude/task lists that take no key, rules written never to match; it
// never sends -D or -e. Paths live under a scratch folder it creates.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { splitRuleLine } from '../src/rules/rules-file.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'rules');
const SCRATCH = '/tmp/auspex-golden';
const DIRS = ['dir', 'dir/sub', 'with space'];
const FILES = ['file', 'dir/file'];

interface Traced {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Netlink messages seen, in order: type name as strace decodes it and payload hex. */
  readonly messages: Array<{ call: string; type: string; hex: string }>;
}

function traced(args: readonly string[], calls: string): Traced {
  const dir = mkdtempSync(join(tmpdir(), 'auspex-strace-'));
  const out = join(dir, 'trace');
  try {
    const r = spawnSync('strace', ['-qq', '-e', `trace=${calls}`, '-e', 'signal=none', '-xx', '-s', '100000', '-o', out, 'auditctl', ...args], { encoding: 'utf8' });
    const messages: Array<{ call: string; type: string; hex: string }> = [];
    for (const line of readFileSync(out, 'utf8').split('\n')) {
      // sendto(3, [{nlmsg_len=.., nlmsg_type=AUDIT_ADD_RULE, ...}, "\x04\x00..."], ...
      // recvfrom(3, [{nlmsg_len=.., nlmsg_type=AUDIT_LIST_RULES, ...}, "\x04..."], ...
      const m = /^(sendto|recvfrom)\(\d+, \[\{nlmsg_len=\d+, nlmsg_type=([A-Z_0-9x]+|0x[0-9a-f]+ \/\* [^*]* \*\/), [^}]*\}, "((?:\\x[0-9a-f]{2})*)"\]/.exec(line);
      if (m !== null) messages.push({ call: m[1] as string, type: (m[2] as string).split(' ')[0] as string, hex: (m[3] as string).replace(/\\x/g, '') });
    }
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, messages };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every rule the kernel lists (payload hex) and auditctl's lines for them. */
function listAll(keyFilter?: string): { rules: string[]; lines: string[] } {
  const t = traced(keyFilter === undefined ? ['-l'] : ['-l', '-k', keyFilter], 'recvfrom');
  const rules = t.messages.filter((m) => m.call === 'recvfrom' && m.type === 'AUDIT_LIST_RULES').map((m) => m.hex);
  const lines = t.stdout === 'No rules\n' ? [] : t.stdout.split('\n').filter((l) => l !== '');
  return { rules, lines };
}

function deleteArgs(args: readonly string[]): string[] {
  return args.map((a) => (a === '-a' || a === '-A' ? '-d' : a === '-w' ? '-W' : a));
}

rmSync(SCRATCH, { recursive: true, force: true });
for (const d of DIRS) mkdirSync(join(SCRATCH, d), { recursive: true });
for (const f of FILES) writeFileSync(join(SCRATCH, f), '');

const header = {
  header: true,
  uname: execFileSync('uname', ['-srvm'], { encoding: 'utf8' }).trim(),
  auditctl: spawnSync('auditctl', ['-v'], { encoding: 'utf8' }).stdout.trim(),
  scratch: SCRATCH,
  dirs: DIRS.map((d) => join(SCRATCH, d)),
  files: FILES.map((f) => join(SCRATCH, f)),
};
const out: string[] = [JSON.stringify(header)];
const text = readFileSync(join(fixtures, 'golden.rules'), 'utf8');
let cases = 0;
try {
  text.split('\n').forEach((raw, i) => {
    const lineNo = i + 1;
    if (!raw.startsWith('-')) return;
    const key = `auspex-test-g${String(lineNo).padStart(3, '0')}`;
    const args = splitRuleLine(raw.replaceAll('@T@', SCRATCH).replaceAll('@K@', key));
    const keyed = raw.includes('@K@');
    const before = listAll();
    const t = traced(args, 'sendto');
    const sent = t.messages.find((m) => m.call === 'sendto' && (m.type === 'AUDIT_ADD_RULE' || m.type === 'AUDIT_DEL_RULE'));
    let listed: string | undefined;
    let line: string | undefined;
    if (t.code === 0 && sent !== undefined) {
      const after = listAll();
      const fresh = after.rules.filter((r) => !before.rules.includes(r));
      if (fresh.length === 1) {
        listed = fresh[0];
        line = keyed ? listAll(key).lines[0] : after.lines[after.rules.indexOf(listed as string)];
      }
      const del = spawnSync('auditctl', deleteArgs(args), { encoding: 'utf8' });
      if (del.status !== 0 || listAll().rules.length !== before.rules.length) {
        throw new Error(`line ${lineNo}: could not delete the rule again: ${del.stderr}`);
      }
    }
    const entry: Record<string, unknown> = { line: lineNo, args, exit: t.code, stderr: t.stderr };
    if (sent !== undefined) entry.sent = sent.hex;
    if (listed !== undefined) entry.listed = listed;
    if (line !== undefined) entry.listing = line;
    out.push(JSON.stringify(entry));
    cases++;
  });
} finally {
  // Sweep anything left with our key prefix, then the scratch folder.
  for (const l of listAll('auspex-test-g').lines) process.stderr.write(`left behind: ${l}\n`);
  rmSync(SCRATCH, { recursive: true, force: true });
}
writeFileSync(join(fixtures, 'golden.jsonl'), `${out.join('\n')}\n`);
process.stdout.write(`captured ${cases} cases\n`);
