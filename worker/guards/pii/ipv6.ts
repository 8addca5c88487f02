/**
 * IPv6 addresses (RFC 4291 §2.2) with zone id or prefix length, found around each colon and parsed in place by
 * char code: no split, no per-group strings.
 */
import type { Finding } from '../types';

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const V4_ONLY = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);

const isDigit = (c: number) => c >= 48 && c <= 57;
const isAlnum = (c: number) => (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
const isHex = (c: number) => (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 102);
/** `[0-9A-Fa-f:.]`: what an IPv6 address is written with. */
const isV6 = (c: number) => (c >= 48 && c <= 58) || c === 46 || ((c | 32) >= 97 && (c | 32) <= 102);

/** End of `[0-9A-Fa-f:.]*(?:%[0-9A-Za-z]+)?(?:\/\d{1,4})?` from `b`, looking at most 80 characters ahead. */
function tailEnd(text: string, b: number): number {
  const lim = Math.min(b + 80, text.length);
  let e = b;
  while (e < lim && isV6(text.charCodeAt(e))) e++;
  if (text.charCodeAt(e) === 37 && e + 1 < lim && isAlnum(text.charCodeAt(e + 1))) {
    e += 2;
    while (e < lim && isAlnum(text.charCodeAt(e))) e++;
  }
  if (text.charCodeAt(e) === 47 && e + 1 < lim && isDigit(text.charCodeAt(e + 1))) {
    const stop = Math.min(e + 5, lim);
    e += 2;
    while (e < stop && isDigit(text.charCodeAt(e))) e++;
  }
  return e;
}

/**
 * Groups in the colon-separated `s[a..b)` (non-empty): each 1–4 hex digits, except that the address's final
 * group (`final` and last here) may be a dotted IPv4 worth two. -1 when a group is malformed.
 */
function groupsIn(s: string, a: number, b: number, final: boolean): number {
  let groups = 0;
  let p = a;
  for (;;) {
    let q = p;
    let dot = false;
    while (q < b && s.charCodeAt(q) !== 58) if (s.charCodeAt(q++) === 46) dot = true;
    if (final && q === b && dot) {
      if (!V4_ONLY.test(s.slice(p, q))) return -1;
      groups += 2;
    } else {
      if (q === p || q - p > 4) return -1;
      for (let k = p; k < q; k++) if (!isHex(s.charCodeAt(k))) return -1;
      groups++;
    }
    if (q === b) return groups;
    p = q + 1;
  }
}

/** True when `s[a..b)` is a textual IPv6 address, with at most one `::` and an optional dotted tail. */
function ipv6Between(s: string, a: number, b: number): boolean {
  let dbl = -1;
  for (let k = a; k + 1 < b; k++)
    if (s.charCodeAt(k) === 58 && s.charCodeAt(k + 1) === 58) {
      if (dbl >= 0) return false;
      dbl = k;
    }
  const headEnd = dbl >= 0 ? dbl : b;
  const tailStart = dbl >= 0 ? dbl + 2 : b;
  let groups = 0;
  if (headEnd > a) {
    const g = groupsIn(s, a, headEnd, tailStart >= b);
    if (g < 0) return false;
    groups += g;
  }
  if (tailStart < b) {
    const g = groupsIn(s, tailStart, b, true);
    if (g < 0) return false;
    groups += g;
  }
  return dbl >= 0 ? groups < 8 : groups === 8;
}

/** True when `s` is a textual IPv6 address (RFC 4291 §2.2), with at most one `::` and an optional dotted tail. */
export function isIpv6(s: string): boolean {
  return ipv6Between(s, 0, s.length);
}

/** IPv6 addresses, bounded so `std::cout` and `12:34:56` are not matched. */
export function detectIpv6(text: string, out: Finding[]): void {
  let colon = text.indexOf(':');
  while (colon >= 0) {
    // An address is at most 45 characters: look no further left, so long colon runs stay linear.
    let b = colon;
    while (b > 0 && colon - b < 46 && isV6(text.charCodeAt(b - 1))) b--;
    const end = tailEnd(text, b);
    colon = text.indexOf(':', Math.max(colon + 1, end));
    const before = text.charCodeAt(b - 1);
    if (isAlnum(before) || before === 58 || before === 46) continue;
    // text[b..end) = address, then `%zone`, then `/prefix`.
    let slash = -1;
    let pct = -1;
    for (let k = b; k < end; k++) {
      const c = text.charCodeAt(k);
      if (c === 47 && slash < 0) slash = k;
      else if (c === 37 && pct < 0 && slash < 0) pct = k;
    }
    const zoneEnd = slash >= 0 ? slash : end;
    let addrEnd = pct >= 0 ? pct : zoneEnd;
    // Trailing dots and single colons are punctuation, not part of the address.
    for (;;) {
      const c = text.charCodeAt(addrEnd - 1);
      if (addrEnd > b && (c === 46 || (c === 58 && !(addrEnd - 2 >= b && text.charCodeAt(addrEnd - 2) === 58)))) addrEnd--;
      else break;
    }
    if (!ipv6Between(text, b, addrEnd)) continue;
    if (pct < 0 && (isAlnum(text.charCodeAt(addrEnd)) || text.charCodeAt(addrEnd) === 58)) continue;
    let len = addrEnd - b;
    if (slash >= 0 && Number(text.slice(slash + 1, end)) <= 128 && !isDigit(text.charCodeAt(end))) len += end - slash;
    else if (pct >= 0) len += zoneEnd - pct;
    out.push({ type: 'IP', start: b, end: b + len, confidence: len <= 3 ? 0.5 : 0.85 });
  }
}
