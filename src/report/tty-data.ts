// The keystrokes of a TTY record as aureport's TTY report shows them: named
// keys as <name>, other bytes in quoted runs. interpret/ renders TTY data as
// auparse does; aureport's own copy of that code differs only where the hex is
// malformed ("conversion error(...)" against auparse's NULL).
import { createFieldInterpreter } from '../interpret/index.js';
import type { Presenter } from './presenter.js';

const TTY = 1319;
let interpreter: ReturnType<typeof createFieldInterpreter> | undefined;

export function formatTtyData(data: string, p: Presenter): string {
  interpreter ??= createFieldInterpreter({ escape: 'raw' });
  if (data.length < 2 || !/^[0-9A-Fa-f]*$/.test(data)) {
    return /^[0-9A-Fa-f]*$/.test(data) ? `conversion error(${data})` : p.plain(data);
  }
  return interpreter.interpretField(TTY, 'data', data);
}
