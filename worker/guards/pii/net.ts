/** Network identifiers: e-mail addresses and IPv4/IPv6 addresses (with CIDR suffix, zone id, embedded IPv4). */
import type { Finding } from '../types';
import { type DigitRuns, digitRuns } from './runs';

const LOCAL = /[A-Za-z0-9._%+-]/;
const DOMAIN = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:xn--[A-Za-z0-9-]{2,59}|[A-Za-z]{2,63})/;

/** E-mail addresses: found by their `@`, then the local part and a dotted domain with a real TLD are checked. */
export function detectEmails(text: string, out: Finding[]): void {
  let at = text.indexOf('@');
  while (at >= 0) {
    let s = at;
    while (s > 0 && LOCAL.test(text[s - 1] ?? '')) s--;
    while (s < at && text[s] === '.') s++;
    const local = text.slice(s, at);
    const dm = DOMAIN.exec(text.slice(at + 1, at + 256));
    if (local.length > 0 && local.length <= 64 && !local.endsWith('.') && !local.includes('..') && dm) {
      const end = at + 1 + dm[0].length;
      if (!/[A-Za-z0-9-]/.test(text[end] ?? '')) out.push({ type: 'EMAIL', start: s, end, confidence: 0.95 });
    }
    at = text.indexOf('@', at + 1);
  }
}

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const V4 = `${OCTET}(?:\\.${OCTET}){3}`;
const IPV4 = new RegExp(`(?<![0-9A-Za-z.])${V4}(?:\\/(?:3[0-2]|[12]?\\d)(?!\\d))?(?![0-9A-Za-z])`, 'y');
const V4_ONLY = new RegExp(`^${V4}$`);
const isDigit = (c: number) => c >= 48 && c <= 57;
const isAlnum = (c: number) => (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
/** `[0-9A-Fa-f:.]`: what an IPv6 address is written with. */
const isV6 = (c: number) => (c >= 48 && c <= 58) || c === 46 || ((c | 32) >= 97 && (c | 32) <= 102);

/** End of `[0-9A-Fa-f:.]*(?:%[0-9A-Za-z]+)?(?:\/\d{1,4})?` from `b`, looking at most 80 characters ahead. */
function v6TailEnd(text: string, b: number): number {
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

const parts = (h: string): string[] => (h === '' ? [] : h.split(':'));

/** True when `s` is a textual IPv6 address (RFC 4291 §2.2), with at most one `::` and an optional dotted tail. */
export function isIpv6(s: string): boolean {
  const dbl = s.indexOf('::');
  if (dbl >= 0 && s.indexOf('::', dbl + 1) >= 0) return false;
  const head = dbl >= 0 ? parts(s.slice(0, dbl)) : parts(s);
  const tail = dbl >= 0 ? parts(s.slice(dbl + 2)) : [];
  const all = [...head, ...tail];
  let groups = 0;
  for (let i = 0; i < all.length; i++) {
    const g = all[i] ?? '';
    if (i === all.length - 1 && g.includes('.')) {
      if (!V4_ONLY.test(g)) return false;
      groups += 2;
    } else if (/^[0-9A-Fa-f]{1,4}$/.test(g)) groups++;
    else return false;
  }
  return dbl >= 0 ? groups < 8 : groups === 8;
}

/**
 * IPv4 and IPv6 addresses, bounded so `text192.168.1.1` and `std::cout` are not matched. IPv4 is tried only at a
 * digit run of one to three followed by a dot; IPv6 around each colon.
 */
export function detectIps(text: string, out: Finding[], runs: DigitRuns = digitRuns(text)): void {
  let done = 0;
  for (let k = 0; k < runs.n; k++) {
    const a = runs.start[k] as number;
    if (a < done || (runs.end[k] as number) - a > 3 || text.charCodeAt(runs.end[k] as number) !== 46) continue;
    IPV4.lastIndex = a;
    if (!IPV4.test(text)) continue;
    done = IPV4.lastIndex;
    out.push({ type: 'IP', start: a, end: done, confidence: 0.85 });
  }
  let colon = text.indexOf(':');
  while (colon >= 0) {
    // An address is at most 45 characters: look no further left, so long colon runs stay linear.
    let b = colon;
    while (b > 0 && colon - b < 46 && isV6(text.charCodeAt(b - 1))) b--;
    const tailEnd = v6TailEnd(text, b);
    colon = text.indexOf(':', Math.max(colon + 1, tailEnd));
    const before = text.charCodeAt(b - 1);
    if (isAlnum(before) || before === 58 || before === 46) continue;
    let s = text.slice(b, tailEnd);
    let prefix = '';
    const slash = s.indexOf('/');
    if (slash >= 0) {
      prefix = s.slice(slash);
      s = s.slice(0, slash);
    }
    let zone = '';
    const pct = s.indexOf('%');
    if (pct >= 0) {
      zone = s.slice(pct);
      s = s.slice(0, pct);
    }
    while (s.endsWith('.') || (s.endsWith(':') && !s.endsWith('::'))) s = s.slice(0, -1);
    if (!isIpv6(s)) continue;
    const after = text[b + s.length] ?? '';
    if (!zone && /[0-9A-Za-z:]/.test(after)) continue;
    if (prefix && Number(prefix.slice(1)) <= 128 && !isDigit(text.charCodeAt(tailEnd))) s += prefix;
    else s += zone;
    out.push({ type: 'IP', start: b, end: b + s.length, confidence: s.length <= 3 ? 0.5 : 0.85 });
  }
}
