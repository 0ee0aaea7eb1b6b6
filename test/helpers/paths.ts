// Locations tests read at run time: the repository, the shared corpus and
// oracle sets beside it (../shared), and the compiled binary.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (tests run from dist/test/..., three levels below). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const sharedDir = resolve(repoRoot, '..', 'shared');
export const corpusDir = join(sharedDir, 'corpus');
export const oraclesDir = join(sharedDir, 'oracles');
export const auspexBin = join(repoRoot, 'bin', 'auspex');

export function corpusFile(name: string): string {
  return join(corpusDir, name);
}

export function haveCorpus(): boolean {
  return existsSync(join(corpusDir, 'raw.log'));
}
