// The collector's detect/ stages from `auspex collect` options: --sigma-rules
// DIR and --uring-profile FILE, their lines to --alerts (default stdout). A
// rule or profile that does not load stops the start with its message (the
// file, field and line), as a bad configuration does.
import { readFileSync } from 'node:fs';
import { CollectError } from '../collect/index.js';
import type { PipelineStage } from '../collect/index.js';
import { DetectError, loadSigmaDir, parseProfileJson, sigmaStage, uringProfileStage } from '../detect/index.js';

export interface StageArgs {
  readonly sigmaRules: string | undefined;
  readonly uringProfile: string | undefined;
  readonly alerts: string;
}

export function collectStages(args: StageArgs): { list: PipelineStage[]; alerts: string } | undefined {
  const list: PipelineStage[] = [];
  try {
    if (args.sigmaRules !== undefined) list.push(sigmaStage(loadSigmaDir(args.sigmaRules).rules));
    if (args.uringProfile !== undefined) list.push(uringProfileStage(parseProfileJson(readFileSync(args.uringProfile, 'utf8'), args.uringProfile), args.uringProfile));
  } catch (e) {
    const message = e instanceof DetectError ? e.message : (e as Error).message;
    throw new CollectError('E_CONFIG_VALUE', message, { cause: e });
  }
  return list.length === 0 ? undefined : { list, alerts: args.alerts };
}
