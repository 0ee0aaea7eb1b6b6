// --listen HOST:PORT read and checked. Loopback is the default and the only
// safe choice on a shared machine: audit data names every user's commands.
import { isIP } from 'node:net';

export interface ListenAddress {
  readonly host: string;
  /** 0: any free port. */
  readonly port: number;
}

export const DEFAULT_LISTEN: ListenAddress = { host: '127.0.0.1', port: 0 };

export type ListenParse = { readonly ok: true; readonly value: ListenAddress } | { readonly ok: false; readonly message: string };

/** `127.0.0.1:8080`, `[::1]:8080`, `localhost:0`, `:8080` (loopback, that port). */
export function parseListen(text: string): ListenParse {
  let host: string;
  let portText: string;
  const bracket = /^\[([^\]]+)\]:(\d+)$/.exec(text);
  if (bracket !== null) {
    host = bracket[1] as string;
    portText = bracket[2] as string;
    if (isIP(host) !== 6) return { ok: false, message: `'${host}' in brackets is not an IPv6 address` };
  } else {
    const colon = text.lastIndexOf(':');
    if (colon < 0) return { ok: false, message: `'${text}' is not HOST:PORT` };
    host = text.slice(0, colon);
    portText = text.slice(colon + 1);
    if (host.includes(':')) return { ok: false, message: `'${text}': write an IPv6 address in brackets, as [::1]:8080` };
    if (host === '') host = DEFAULT_LISTEN.host;
  }
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) return { ok: false, message: `port '${portText}' is not a number from 0 to 65535` };
  if (host !== 'localhost' && isIP(host) === 0 && !/^[A-Za-z0-9.-]+$/.test(host)) return { ok: false, message: `'${host}' is not a host name or IP address` };
  return { ok: true, value: { host, port: Number(portText) } };
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The host part of a URL for the address (IPv6 in brackets). */
export function urlHost(host: string, port: number): string {
  return `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}
