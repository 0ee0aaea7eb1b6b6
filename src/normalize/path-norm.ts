// auparse's lexical path normaliser (interpret.c path_norm, after glibc's
// realpath without touching the disk), quirks included, since they show in
// ausearch's object column: it writes into one buffer that lives as long as
// the process, `..` backs up without cutting the string, so a path that ends
// in `..` keeps its last component, and a path with nothing to copy returns
// whatever the previous call left there. Names starting with `.` come back as
// they are. Each instance is one such buffer.
const PATH_MAX = 4096;
const SLASH = 47;

export class PathNormalizer {
  readonly #buf = new Uint16Array(PATH_MAX + 1);

  /** The normalised path, or undefined for an empty name (auparse then keeps the joined one). */
  normalize(name: string): string | undefined {
    if (name.length === 0) return undefined;
    if (name.charCodeAt(0) === 46) return name;
    const w = this.#buf;
    let dest = 0;
    let start = 0;
    while (start < name.length) {
      while (name.charCodeAt(start) === SLASH) start++;
      let end = start;
      while (end < name.length && name.charCodeAt(end) !== SLASH) end++;
      const len = end - start;
      if (len === 0) break;
      if (len === 1 && name.charCodeAt(start) === 46) {
        // "." stays where it is
      } else if (len === 2 && name.charCodeAt(start) === 46 && name.charCodeAt(start + 1) === 46) {
        if (dest > 1) do dest--; while (w[dest - 1] !== SLASH);
      } else {
        // Before the first component the C code reads the byte ahead of its buffer; it is not a '/'.
        if (dest === 0 || w[dest - 1] !== SLASH) w[dest++] = SLASH;
        if (dest + len >= PATH_MAX) {
          w[dest] = 0;
          break;
        }
        for (let i = start; i < end; i++) w[dest++] = name.charCodeAt(i) & 0xff;
        w[dest] = 0;
      }
      start = end;
    }
    let out = '';
    for (let i = 0; i < w.length && w[i] !== 0; i++) out += String.fromCharCode(w[i] as number);
    return out;
  }
}
