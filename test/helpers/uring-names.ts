// auspex prints io_uring ops by name (uring_op=openat) where ausearch 3.0.9
// prints the number (uring_op=18): the one documented difference of -i. For
// comparisons, names are mapped back with auspex's own op table, so the
// names are checked against the kernel's numbering too.
import { uringOpName } from '../../src/interpret/index.js';

const opNumbers = new Map<string, number>();
for (let n = 0; n < 256; n++) {
  const name = uringOpName(n);
  if (name !== undefined) opNumbers.set(name, n);
}

/** auspex -i output with io_uring op names turned back into 3.0.9's numbers. */
export function uringOpsAsNumbers(out: string): string {
  return out.replace(/ uring_op=([a-z_0-9]+) /g, (m, name: string) => {
    const n = opNumbers.get(name);
    return n === undefined ? m : ` uring_op=${n} `;
  });
}
