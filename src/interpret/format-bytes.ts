// Printers that decode hex bytes: socket addresses (print_sockaddr, with the
// numeric host/port forms glibc's getnameinfo gives) and TTY keystrokes
// (print_tty_data: named keys as <name>, other bytes in quoted runs).
import { isHexString } from './c-number.js';
import { UnhexBuffer, unhex } from './hex-text.js';
import { ADDRESS_FAMILIES } from './names.js';
import type { InterfaceDb } from './host-names.js';
import { TTY_KEYS } from './tables/tty-keys.gen.js';

/** A byte source: the decoded bytes, or auparse's whole buffer past them. */
interface Bytes {
  at(i: number): number;
}

/** C string of at most `max` bytes from offset `from`. */
function cStr(d: Bytes, from: number, max: number): string {
  let out = '';
  for (let i = from; i - from < max; i++) {
    const c = d.at(i);
    if (c === 0) break;
    out += String.fromCharCode(c);
  }
  return out;
}

export function printSockaddr(val: string, interfaces: InterfaceDb): string {
  const slen = val.length >>> 1;
  const buf = UnhexBuffer.of(val, 0);
  // A `(...)` word decodes to itself.
  const word = buf === undefined ? unhex(val, 0) : undefined;
  if (buf === undefined && word === undefined) return `malformed-host(${val})`;
  const d: Bytes = buf ?? { at: (i) => (i < (word as string).length ? (word as string).charCodeAt(i) : 0) };
  const fam = d.at(0) | (d.at(1) << 8);
  const str = ADDRESS_FAMILIES.get(fam);
  if (str === undefined) return `unknown-family(${fam})`;
  switch (fam) {
    case 1: {
      // AF_LOCAL: a path, or an abstract name after a NUL.
      if (slen < 4) return `{ saddr_fam=${str} sockaddr len too short }`;
      const path = d.at(2) !== 0 ? cStr(d, 2, 108) : cStr(d, 3, 108);
      return `{ saddr_fam=${str} path=${path} }`;
    }
    case 2: {
      if (slen < 16) return `{ saddr_fam=${str} sockaddr len too short }`;
      const port = (d.at(2) << 8) | d.at(3);
      return `{ saddr_fam=${str} laddr=${d.at(4)}.${d.at(5)}.${d.at(6)}.${d.at(7)} lport=${port} }`;
    }
    case 3: {
      // AF_AX25: seven call-sign bytes printed with %c; a NUL ends the C string.
      let out = `{ saddr_fam=${str} call=`;
      for (let i = 2; i < 9; i++) {
        const c = d.at(i);
        if (c === 0) return out;
        out += String.fromCharCode(c);
      }
      return `${out} }`;
    }
    case 8: {
      // AF_ATMPVC: the interface number, a signed short at offset 4 (sap_addr is aligned).
      const itf = ((d.at(4) | (d.at(5) << 8)) << 16) >> 16;
      return `{ saddr_fam=${str} int=${itf} }`;
    }
    case 9:
      return `{ saddr_fam=${str} laddr=${cStr(d, 2, 15)} }`;
    case 10: {
      if (slen < 28) return `{ saddr_fam=${str} sockaddr6 len too short }`;
      const port = (d.at(2) << 8) | d.at(3);
      const scope = (d.at(24) | (d.at(25) << 8) | (d.at(26) << 16) | (d.at(27) << 24)) >>> 0;
      // getnameinfo adds the scope: an interface name for link-local addresses when it has one.
      const linkLocal = (d.at(8) === 0xfe && (d.at(9) & 0xc0) === 0x80) || (d.at(8) === 0xff && (d.at(9) & 0x0f) === 0x02);
      const host = inet6Text(d, 8) + (scope === 0 ? '' : `%${(linkLocal ? interfaces.interfaceName(scope) : undefined) ?? scope}`);
      return `{ saddr_fam=${str} laddr=${host} lport=${port} }`;
    }
    case 16: {
      if (slen < 12) return `{ saddr_fam=${str} len too short }`;
      const pid = (d.at(4) | (d.at(5) << 8) | (d.at(6) << 16) | (d.at(7) << 24)) >>> 0;
      return `{ saddr_fam=${str} nlnk-fam=${fam} nlnk-pid=${pid} }`;
    }
    default:
      return `{ saddr_fam=${str} (unsupported) }`;
  }
}

/** glibc inet_ntop(AF_INET6): longest zero run as ::, IPv4-mapped/compatible tails dotted. */
export function inet6Text(d: Bytes, at: number): string {
  const w: number[] = [];
  for (let i = 0; i < 8; i++) w.push((d.at(at + 2 * i) << 8) | d.at(at + 2 * i + 1));
  let bestBase = -1;
  let bestLen = 0;
  let curBase = -1;
  let curLen = 0;
  for (let i = 0; i < 8; i++) {
    if (w[i] === 0) {
      if (curBase === -1) {
        curBase = i;
        curLen = 1;
      } else curLen++;
    } else if (curBase !== -1) {
      if (bestBase === -1 || curLen > bestLen) {
        bestBase = curBase;
        bestLen = curLen;
      }
      curBase = -1;
    }
  }
  if (curBase !== -1 && (bestBase === -1 || curLen > bestLen)) {
    bestBase = curBase;
    bestLen = curLen;
  }
  if (bestBase !== -1 && bestLen < 2) bestBase = -1;
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase !== -1 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && w[5] === 0xffff))) {
      return `${out}${d.at(at + 12)}.${d.at(at + 13)}.${d.at(at + 14)}.${d.at(at + 15)}`;
    }
    out += (w[i] as number).toString(16);
  }
  if (bestBase !== -1 && bestBase + bestLen === 8) out += ':';
  return out;
}

// Named TTY keys by first byte, longest first (auparse takes the first table
// entry that matches; among the keys it can reach that is the longest).
const KEYS_BY_FIRST = new Map<number, Array<readonly [string, string]>>();
for (const [hex, name] of TTY_KEYS) {
  const seq = Buffer.from(hex, 'hex').toString('latin1');
  const first = seq.charCodeAt(0);
  const list = KEYS_BY_FIRST.get(first) ?? [];
  list.push([seq, name]);
  KEYS_BY_FIRST.set(first, list);
}
for (const list of KEYS_BY_FIRST.values()) list.sort((a, b) => b[0].length - a[0].length);

const OCT = '01234567';

/** print_tty_data; undefined where auparse returns NULL (printed as "(null)"). */
export function printTtyData(raw: string): string | undefined {
  if (!isHexString(raw)) return raw;
  const data = unhex(raw, 0);
  if (data === undefined) return undefined;
  const end = raw.length >>> 1;
  let out = '';
  let quoted = false;
  let pos = 0;
  while (pos < end) {
    const c = data.charCodeAt(pos);
    let key: readonly [string, string] | undefined;
    if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
      for (const k of KEYS_BY_FIRST.get(c) ?? []) {
        if (k[0].length <= end - pos && data.startsWith(k[0], pos)) {
          key = k;
          break;
        }
      }
    }
    if (key !== undefined) {
      if (quoted) {
        out += '"';
        quoted = false;
      }
      out += `${out === '' ? '' : ','}<${key[1]}>`;
      pos += key[0].length;
      continue;
    }
    if (!quoted) {
      out += out === '' ? '"' : ',"';
      quoted = true;
    }
    if (c < 0x20 || c > 0x7e) out += `\\${OCT[(c >> 6) & 7]}${OCT[(c >> 3) & 7]}${OCT[c & 7]}`;
    else out += c === 0x5c || c === 0x22 ? `\\${String.fromCharCode(c)}` : String.fromCharCode(c);
    pos++;
  }
  return quoted ? `${out}"` : out;
}
