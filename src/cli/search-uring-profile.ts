// `auspex search --uring-profile FILE`: only events holding an io_uring op
// that violates the profile (an op the program is not known to run, or
// credentials other than the ring owner's that the profile does not list),
// AND-ed with the other criteria. The check keeps state across events (ring
// owners), so it sees every event in order: the search runs on one thread and
// without the byte prefilter.
import { readFileSync } from 'node:fs';
import type { UringViolationChecker } from '../detect/index.js';
import type { SearchPlan } from './search-run.js';

export type ProfileOption = { readonly kind: 'none'; readonly argv: readonly string[] } | { readonly kind: 'profile'; readonly path: string; readonly argv: readonly string[] } | { readonly kind: 'error'; readonly message: string };

/** Takes `--uring-profile FILE` out of argv (ausearch's parser does not know it). */
export function takeUringProfile(argv: readonly string[]): ProfileOption {
  const i = argv.indexOf('--uring-profile');
  if (i < 0) return { kind: 'none', argv };
  const path = argv[i + 1];
  if (path === undefined) return { kind: 'error', message: 'auspex search: --uring-profile needs a file\n' };
  return { kind: 'profile', path, argv: [...argv.slice(0, i), ...argv.slice(i + 2)] };
}

/**
 * The plan with the profile's violation check added; an error message when
 * the profile does not load. detect/ is loaded only here: other searches do
 * not pay for its modules at start-up.
 */
export async function withUringProfile(plan: SearchPlan, path: string): Promise<SearchPlan | string> {
  const { DetectError, UringViolationChecker, parseProfileJson } = await import('../detect/index.js');
  let checker: UringViolationChecker;
  try {
    checker = new UringViolationChecker(parseProfileJson(readFileSync(path, 'utf8'), path));
  } catch (e) {
    return `auspex search: ${e instanceof DetectError ? e.message : `cannot read ${path}: ${(e as Error).message}`}\n`;
  }
  const matches = plan.matches;
  const { options: _parallelOnly, ...sequential } = plan;
  // No prefilter: the checker keeps state across events, so it must see each one.
  return { ...sequential, needles: undefined, typeFilter: undefined, matches: (event) => checker.check(event).length > 0 && matches(event) };
}
