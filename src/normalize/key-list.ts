// A hex-encoded key list as auparse splits it (several rule keys joined by
// 0x01): decoded as au_unescape does, each key re-encoded as the kernel
// encodes untrusted strings.
import { hexDigit } from '../format/index.js';

const QUOTE = 34;

/**
 * au_unescape over a key list: hex digits up to the first non-hex character,
 * decoded in pairs (an odd last digit decodes as its high nibble), cut at a
 * NUL; undefined when fewer than two digits.
 */
export function unescapeHex(hex: string): string | undefined {
  let end = 0;
  while (end < hex.length && hexDigit(hex.charCodeAt(end)) >= 0) end++;
  if (end < 2) return undefined;
  let out = '';
  for (let i = 0; i < end; i += 2) {
    const hi = hexDigit(hex.charCodeAt(i));
    const lo = i + 1 < end ? hexDigit(hex.charCodeAt(i + 1)) : 0;
    const c = hi * 16 + lo;
    if (c === 0) break;
    out += String.fromCharCode(c);
  }
  return out;
}

/** The kernel's encoding of an untrusted string: quoted when plain, upper-case hex otherwise. */
export function encodeUntrusted(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === QUOTE || c < 0x21 || c > 0x7e) {
      let out = '';
      for (let j = 0; j < s.length; j++) out += (s.charCodeAt(j) & 0xff).toString(16).toUpperCase().padStart(2, '0');
      return out;
    }
  }
  return `"${s}"`;
}
