// Inputs: a log directory read as a rotated set (oldest first, as ausearch
// reads it), stdin, several -if files, and gzip-compressed logs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { auspexBin, corpusFile, haveCorpus } from '../helpers/paths.js';
import { havePeer, runAuspex, runPeer, spawnAuspex } from '../helpers/run.js';
import { spawnSync } from 'node:child_process';

function thirds(): [string, string, string] {
  const lines = readFileSync(corpusFile('raw.log'), 'latin1').split('\n').filter((l) => l.length > 0);
  const a = Math.floor(lines.length / 3);
  const part = (x: string[]): string => `${x.join('\n')}\n`;
  return [part(lines.slice(0, a)), part(lines.slice(a, 2 * a)), part(lines.slice(2 * a))];
}

test('-if DIR reads audit.log.2, audit.log.1, audit.log in that order, as ausearch', async (t) => {
  if (!haveCorpus()) return t.skip('corpus not found beside the repository');
  if (!havePeer('ausearch')) return t.skip('ausearch not installed');
  const dir = mkdtempSync(join(tmpdir(), 'auspex-rot-'));
  try {
    const [oldest, middle, newest] = thirds();
    writeFileSync(join(dir, 'audit.log.2'), oldest, 'latin1');
    writeFileSync(join(dir, 'audit.log.1'), middle, 'latin1');
    writeFileSync(join(dir, 'audit.log'), newest, 'latin1');
    writeFileSync(join(dir, 'audit.log.4'), oldest, 'latin1'); // after a gap: not part of the set
    for (const mode of [[], ['--raw']]) {
      const want = runPeer('ausearch', ['-if', dir, ...mode]);
      const got = await runAuspex(['search', '-if', dir, ...mode]);
      assert.equal(got.code, want.code);
      assert.ok(got.stdout.equals(want.stdout), `mode ${mode.join(' ') || 'default'}`);
      assert.equal(got.stderr, want.stderr);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Runs `cat LOG | CMD...` through a shell: ausearch reads stdin only when it is a FIFO. */
function piped(log: string, cmd: readonly string[]): { code: number; stdout: Buffer } {
  const r = spawnSync('sh', ['-c', 'cat "$0" | "$@"', log, ...cmd], { env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' }, maxBuffer: 1 << 28 });
  return { code: r.status ?? -1, stdout: r.stdout };
}

test('a log piped on stdin (the real binary) prints as ausearch reading the pipe', (t) => {
  if (!haveCorpus()) return t.skip('corpus not found beside the repository');
  if (!havePeer('ausearch')) return t.skip('ausearch not installed');
  const log = corpusFile('enriched.log');
  const want = piped(log, ['ausearch', '--raw']);
  const got = piped(log, [auspexBin, 'search', '--raw']);
  assert.equal(got.code, want.code);
  assert.ok(got.stdout.length > 0 && got.stdout.equals(want.stdout));
  const dash = spawnAuspex(['search', '-if', '-', '--raw'], { stdin: readFileSync(log) });
  assert.ok(dash.stdout.equals(want.stdout));
});

test('several -if files are one stream; a .gz file reads as its content', async (t) => {
  if (!haveCorpus()) return t.skip('corpus not found beside the repository');
  const dir = mkdtempSync(join(tmpdir(), 'auspex-multi-'));
  try {
    const [a, b, c] = thirds();
    const files = [a, b, c].map((text, i) => {
      const p = join(dir, `part${i}.log`);
      writeFileSync(p, text, 'latin1');
      return p;
    });
    writeFileSync(join(dir, 'part1.log.gz'), gzipSync(Buffer.from(b, 'latin1')));
    const whole = await runAuspex(['search', '-if', corpusFile('raw.log')]);
    const parts = await runAuspex(['search', '-if', files[0] as string, '-if', join(dir, 'part1.log.gz'), '-if', files[2] as string]);
    assert.equal(parts.code, 0);
    assert.ok(parts.stdout.equals(whole.stdout));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
