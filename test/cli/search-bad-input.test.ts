// Bad input never stops a search: every problem is reported once with file
// and line, the skipped bytes are counted, and the good records come out as
// ausearch prints them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusFile, haveCorpus } from '../helpers/paths.js';
import { havePeer, runAuspex, runPeer } from '../helpers/run.js';

function corpusLines(): string[] {
  return readFileSync(corpusFile('raw.log'), 'latin1').split('\n').filter((l) => l.length > 0);
}

async function withTemp<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'auspex-bad-'));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Insert {
  readonly what: string;
  /** The bad line (without newline). */
  readonly line: string;
}

// Pseudo-random but fixed binary garbage: every byte value, NUL included, no newline.
const garbage = Array.from({ length: 3000 }, (_, i) => String.fromCharCode((i * 73 + 11) % 256)).join('').replaceAll('\n', '');

const INSERTS: readonly Insert[] = [
  { what: 'binary garbage', line: garbage },
  { what: 'a 1 MB line', line: 'A'.repeat(1024 * 1024) },
  { what: 'a record without msg=audit(', line: 'type=SYSCALL arch=c000003e syscall=2 success=no exit=-2' },
  { what: 'a malformed time stamp', line: 'type=SYSCALL msg=audit(1795447653.19x:15994): arch=c000003e' },
  { what: 'a NUL inside a record', line: 'type=CWD msg=audit(1795447653.195:15999): cwd="/tmp\0/x"' },
];

test('bad lines are reported once each with file:line and skipped; the rest equals ausearch on the clean log', async (t) => {
  if (!haveCorpus()) return t.skip('corpus not found beside the repository');
  if (!havePeer('ausearch')) return t.skip('ausearch not installed');
  const lines = corpusLines();
  await withTemp(async (dir) => {
    const clean = join(dir, 'clean.log');
    writeFileSync(clean, `${lines.join('\n')}\n`, 'latin1');
    const bad = join(dir, 'bad.log');
    const out: string[] = [];
    const badLineNumbers: number[] = [];
    let skipped = 0;
    const step = Math.floor(lines.length / (INSERTS.length + 1));
    lines.forEach((l, i) => {
      out.push(l);
      const k = (i + 1) / step - 1;
      const ins = Number.isInteger(k) ? INSERTS[k] : undefined;
      if (ins !== undefined) {
        out.push(ins.line);
        badLineNumbers.push(out.length);
        skipped += Buffer.byteLength(ins.line, 'latin1') + 1;
      }
    });
    assert.equal(badLineNumbers.length, INSERTS.length);
    writeFileSync(bad, `${out.join('\n')}\n`, 'latin1');

    const want = runPeer('ausearch', ['-if', clean]);
    const got = await runAuspex(['search', '-if', bad]);
    assert.equal(got.code, 0);
    assert.ok(got.stdout.equals(want.stdout), 'good records print as ausearch prints the clean log');
    for (const n of badLineNumbers) {
      const mentions = got.stderr.split('\n').filter((l) => l.includes(`${bad}:${n}:`));
      assert.equal(mentions.length, 1, `line ${n} reported once:\n${got.stderr}`);
    }
    assert.match(got.stderr, new RegExp(`${INSERTS.length} input problem\\(s\\); ${skipped} byte\\(s\\) skipped`));
    // Attacker bytes never reach the terminal raw through a diagnostic.
    assert.doesNotMatch(got.stderr, /[\x00-\x08\x0b-\x1f\x7f-\xff]/);
  });
});

test('a truncated last line is still used, with a warning naming it', async (t) => {
  if (!haveCorpus()) return t.skip('corpus not found beside the repository');
  if (!havePeer('ausearch')) return t.skip('ausearch not installed');
  const lines = corpusLines();
  await withTemp(async (dir) => {
    const last = lines[lines.length - 1] as string;
    const cut = `${lines.slice(0, -1).join('\n')}\n${last.slice(0, Math.floor(last.length / 2))}`;
    const file = join(dir, 'truncated.log');
    writeFileSync(file, cut, 'latin1');
    const want = runPeer('ausearch', ['-if', file]);
    const got = await runAuspex(['search', '-if', file]);
    assert.equal(got.code, want.code);
    assert.ok(got.stdout.equals(want.stdout));
    assert.match(got.stderr, new RegExp(`${file}:${lines.length}: last line has no newline`));
    assert.match(got.stderr, /0 byte\(s\) skipped/);
  });
});

test('duplicated and out-of-order serials group and order as ausearch does', async (t) => {
  if (!haveCorpus()) return t.skip('corpus not found beside the repository');
  if (!havePeer('ausearch')) return t.skip('ausearch not installed');
  const lines = corpusLines();
  await withTemp(async (dir) => {
    // Move a block of records 300 lines later (out of order, same seconds and
    // beyond them) and repeat another block (duplicated serials).
    const moved = lines.slice(100, 120);
    const rest = [...lines.slice(0, 100), ...lines.slice(120)];
    const mixed = [...rest.slice(0, 400), ...moved, ...rest.slice(400), ...rest.slice(200, 230)];
    const file = join(dir, 'mixed.log');
    writeFileSync(file, `${mixed.join('\n')}\n`, 'latin1');
    for (const mode of [[], ['--raw']]) {
      const want = runPeer('ausearch', ['-if', file, ...mode]);
      const got = await runAuspex(['search', '-if', file, ...mode]);
      assert.equal(got.code, want.code);
      assert.ok(got.stdout.equals(want.stdout), `mode ${mode.join(' ') || 'default'}`);
      assert.equal(got.stderr, '');
    }
  });
});

test('an -if path that cannot be stat\'ed fails as ausearch fails, before reading anything', async (t) => {
  if (!havePeer('ausearch')) {
    t.skip('ausearch not installed');
    return;
  }
  // A missing file, and a path through a regular file (ENOTDIR).
  for (const path of ['/nonexistent/audit.log', join(corpusFile('raw.log'), 'x')]) {
    const got = await runAuspex(['search', '-if', path]);
    const want = runPeer('ausearch', ['-if', path]);
    assert.equal(got.stderr, want.stderr, path);
    assert.equal(got.code, want.code, path);
    assert.equal(got.stdout.length, 0, path);
  }
});
