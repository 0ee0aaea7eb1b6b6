// passwd/group lines as glibc's files backend reads them: probe files with
// comments, NIS entries, blanks, signs, ids past 32 bits and repeated names
// and ids are bind-mounted over /etc/passwd and /etc/group in a private mount
// namespace, and `getent -s files` answers each name and id there; query/'s
// lookups (ausearch -ui/-gi names) and interpret/'s (ausearch -i names), both
// over format/'s parseIdLine, must give the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { userDbFromFiles } from '../../src/query/index.js';
import { createFileUserDb } from '../../src/interpret/index.js';

const PASSWD = [
  'root:x:0:0:root:/root:/bin/bash',
  '#cmt:x:7001:7001::/:/bin/sh',
  '+nis:x:7002:7002::/:/bin/sh',
  '-nis2:x:7003:7003::/:/bin/sh',
  'big:x:4294967301:7004::/:/bin/sh',
  'huge:x:99999999999999999999:7005::/:/bin/sh',
  'max:x:4294967295:7014::/:/bin/sh',
  'sp:x: 7006:7006::/:/bin/sh',
  'plus:x:+7007:7007::/:/bin/sh',
  'neg:x:-7:7015::/:/bin/sh',
  'zero:x:-0:7019::/:/bin/sh',
  'pad:x:007020:7020::/:/bin/sh',
  'dup:x:7008:7008::/:/bin/sh',
  'dup:x:7009:7009::/:/bin/sh',
  'dupid1:x:7010:7010::/:/bin/sh',
  'dupid2:x:7010:7010::/:/bin/sh',
  '  lead:x:7011:7011::/:/bin/sh',
  'emptyid:x::7016::/:/bin/sh',
  'hexid:x:0x10:7017::/:/bin/sh',
  'trail:x:7012x:7012::/:/bin/sh',
  'short:x',
  '',
];
const GROUP = [
  'root:x:0:',
  'g1:x:7101',
  'g2:x:7102:',
  '#gc:x:7103:',
  '+gn:x:7104:',
  '-gm:x:7110:',
  'gbig:x:4294967296:',
  'gsp:x: 7105:',
  'gplus:x:+7106:',
  '  glead:x:7107:',
  'gmax:x:4294967295:',
  'gz:x:007108:',
  'gneg:x:-5:',
  'g2:x:7109:',
];

const haveNamespace = (): boolean =>
  process.getuid?.() === 0 && spawnSync('unshare', ['-m', '--propagation', 'private', 'true']).status === 0 && spawnSync('getent', ['-s', 'files', 'passwd', 'root']).status === 0;

/** getent's answer for each key in a namespace where the probe files are the machine's. */
function getentAll(db: 'passwd' | 'group', keys: readonly string[]): Map<string, string | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'auspex-ids-'));
  try {
    writeFileSync(join(dir, 'passwd'), `${PASSWD.join('\n')}\n`);
    writeFileSync(join(dir, 'group'), `${GROUP.join('\n')}\n`);
    writeFileSync(join(dir, 'keys'), `${keys.join('\n')}\n`);
    const script = `mount --bind "$1/passwd" /etc/passwd && mount --bind "$1/group" /etc/group || exit 9
while IFS= read -r k; do printf '%s\\t' "$k"; getent -s files ${db} -- "$k" || echo; done < "$1/keys"`;
    const r = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script, 'sh', dir], { encoding: 'latin1' });
    assert.equal(r.status, 0, r.stderr);
    const out = new Map<string, string | undefined>();
    for (const line of r.stdout.split('\n')) {
      const tab = line.indexOf('\t');
      if (tab < 0) continue;
      const entry = line.slice(tab + 1);
      out.set(line.slice(0, tab), entry === '' ? undefined : entry);
    }
    assert.equal(out.size, keys.length);
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const namesOf = (lines: readonly string[]): string[] => [...new Set(lines.map((l) => l.trim().split(':')[0] as string).filter((n) => n !== ''))];
const IDS = ['0', '7001', '7002', '7003', '4294967295', '7005', '7006', '7007', '7008', '7009', '7010', '7011', '7012', '7016', '7020', '7101', '7102', '7103', '7104', '7105', '7106', '7107', '7108', '7109', '7110', '16', '5'];
const field = (entry: string | undefined, n: number): string | undefined => entry?.split(':')[n];
const idIn = (entry: string | undefined): number | undefined => (entry === undefined ? undefined : Number(field(entry, 2)));

test('passwd and group lines: names and ids as glibc files backend gives them', (t) => {
  if (!haveNamespace()) return t.skip('needs root, unshare -m and getent (to show glibc probe files)');
  const query = userDbFromFiles(`${PASSWD.join('\n')}\n`, `${GROUP.join('\n')}\n`);
  const files: Record<string, string> = { '/etc/passwd': `${PASSWD.join('\n')}\n`, '/etc/group': `${GROUP.join('\n')}\n` };
  const interpret = createFileUserDb((p) => files[p]);
  const users = namesOf(PASSWD);
  const groups = namesOf(GROUP);
  const pw = getentAll('passwd', [...users, ...IDS]);
  const gr = getentAll('group', [...groups, ...IDS]);
  for (const name of users) assert.equal(query.uidOf(name), idIn(pw.get(name)), `getpwnam ${name}`);
  for (const name of groups) assert.equal(query.gidOf(name), idIn(gr.get(name)), `getgrnam ${name}`);
  for (const id of IDS) {
    assert.equal(query.userName(Number(id)), field(pw.get(id), 0), `getpwuid ${id} (query)`);
    assert.equal(interpret.userName(Number(id)), field(pw.get(id), 0), `getpwuid ${id} (interpret)`);
    assert.equal(interpret.groupName(Number(id)), field(gr.get(id), 0), `getgrgid ${id} (interpret)`);
  }
});
