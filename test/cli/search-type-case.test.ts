// Record type names in any case: libaudit reads `type=syscall` or
// `type=Path` as SYSCALL and PATH, so ausearch groups, interprets and
// reports such records as it does the kernel's own spelling. The corpus log
// with its type names re-cased line by line must come out of auspex as it
// comes out of ausearch and aureport.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusFile, haveCorpus } from '../helpers/paths.js';
import { havePeer, runAuspex, runPeer } from '../helpers/run.js';
import { uringOpsAsNumbers } from '../helpers/uring-names.js';

/** Every line's type name lower-cased, capitalised or left, in turn. */
function recased(text: string): string {
  let n = 0;
  return text.replace(/^((?:node=\S+ )?type=)([A-Za-z_]+)/gm, (_m, head: string, name: string) => {
    const k = n++ % 3;
    const cased = k === 0 ? name.toLowerCase() : k === 1 ? name.charAt(0) + name.slice(1).toLowerCase() : name;
    return head + cased;
  });
}

test('type names in any case are read as ausearch and aureport read them', async (t) => {
  if (!haveCorpus() || !havePeer('ausearch') || !havePeer('aureport')) {
    t.skip('corpus or auditd tools not available');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'auspex-case-'));
  try {
    const log = join(dir, 'audit.log');
    const text = recased(readFileSync(corpusFile('raw.log'), 'latin1'));
    assert.match(text, /^type=syscall /m);
    writeFileSync(log, text, 'latin1');
    for (const mode of [['--raw'], [], ['-i'], ['--format', 'csv']]) {
      const got = await runAuspex(['search', ...mode, '-if', log]);
      const want = runPeer('ausearch', [...mode, '-if', log]);
      // -i's one documented difference, io_uring ops by name, mapped back.
      const out = got.stdout.toString('latin1');
      assert.equal(mode[0] === '-i' ? uringOpsAsNumbers(out) : out, want.stdout.toString('latin1'), `search ${mode.join(' ') || 'default'}`);
      assert.equal(got.code, want.code);
    }
    for (const args of [['--summary'], ['-x', '--summary'], ['-e', '-i']]) {
      const got = await runAuspex(['report', ...args, '-if', log]);
      const want = runPeer('aureport', [...args, '-if', log]);
      assert.ok(got.stdout.equals(want.stdout), `report ${args.join(' ')}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
