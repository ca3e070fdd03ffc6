import { isIPv4, isIPv6 } from 'node:net';

/**
 * Loopback in every spelling the network stack accepts. Comparing text ("starts with 127.")
 * misses `[::ffff:127.0.0.1]`, `[::1]` written long, or `2130706433`; so addresses are parsed
 * into numbers first. URL host names arrive already normalised by WHATWG URL (`0x7f.1` and
 * `127.1` become `127.0.0.1`), which is why callers hand us `new URL(...).hostname`.
 */

/** The eight 16-bit groups of an IPv6 address (an embedded IPv4 tail included), or null. */
function ipv6Groups(address: string): number[] | null {
  if (!isIPv6(address)) return null;
  let text = address.toLowerCase();
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail[1].split('.').map(Number);
    text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = rest === undefined ? [] : rest ? rest.split(':') : [];
  const missing = rest === undefined ? 0 : 8 - left.length - right.length;
  const groups = [...left, ...Array<string>(missing).fill('0'), ...right].map((group) => parseInt(group, 16));
  return groups.length === 8 ? groups : null;
}

function ipv4Octets(address: string): number[] | null {
  return isIPv4(address) ? address.split('.').map(Number) : null;
}

/** The IPv4 address an IPv6 one stands for: mapped (`::ffff:a.b.c.d`) or the old compatible form (`::a.b.c.d`). */
function embeddedIpv4(groups: number[]): number[] | null {
  if (groups.slice(0, 5).some((group) => group !== 0)) return null;
  if (groups[5] !== 0xffff && groups[5] !== 0) return null;
  return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff];
}

/** A peer address on this machine: 127.0.0.0/8, ::1, or 127.x mapped into IPv6 (what a dual-stack socket reports). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = ipv4Octets(address);
  if (v4) return v4[0] === 127;
  const groups = ipv6Groups(address);
  if (!groups) return false;
  if (groups.slice(0, 7).every((group) => group === 0) && groups[7] === 1) return true;
  const embedded = groups[5] === 0xffff ? embeddedIpv4(groups) : null;
  return embedded !== null && embedded[0] === 127;
}

/**
 * A URL host that reaches this machine: loopback, "this host" (0.0.0.0, ::), `localhost` and
 * its subdomains (RFC 6761), with or without the trailing dot of a fully qualified name.
 */
export function isLocalHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.+$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const v4 = ipv4Octets(host);
  if (v4) return v4[0] === 127 || v4[0] === 0;
  const groups = ipv6Groups(host);
  if (!groups) return false;
  const unspecifiedOrLoopback = groups.slice(0, 7).every((group) => group === 0) && groups[7] <= 1;
  if (unspecifiedOrLoopback) return true;
  const embedded = embeddedIpv4(groups);
  return embedded !== null && (embedded[0] === 127 || embedded[0] === 0);
}

/** The headers a reverse proxy adds: behind one on this host, every client's socket is loopback. */
const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'];

/**
 * A request made on this machine by someone sitting at it. Judged by the socket, never by
 * X-Forwarded-For (anyone can write that); and a loopback socket carrying forwarding headers
 * is a proxy relaying someone else, so it does not count either.
 */
export function isLocalClient(request: {
  socket?: { remoteAddress?: string };
  headers: Record<string, unknown>;
}): boolean {
  if (!isLoopbackAddress(request.socket?.remoteAddress)) return false;
  return FORWARDING_HEADERS.every((name) => request.headers[name] === undefined);
}
