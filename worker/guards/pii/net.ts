/** Network identifiers: e-mail addresses and IPv4/IPv6 addresses (with CIDR suffix, zone id, embedded IPv4). */
import type { Finding } from '../types';

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
const IPV4 = new RegExp(`(?<![0-9A-Za-z.])${V4}(?:\\/(?:3[0-2]|[12]?\\d)(?!\\d))?(?![0-9A-Za-z])`, 'g');
const V4_ONLY = new RegExp(`^${V4}$`);
const V6_TAIL = /^[0-9A-Fa-f:.]*(?:%[0-9A-Za-z]+)?(?:\/\d{1,4})?/;
const V6_CH = /[0-9A-Fa-f:.]/;

/** True when `s` is a textual IPv6 address (RFC 4291 §2.2), with at most one `::` and an optional dotted tail. */
export function isIpv6(s: string): boolean {
  const dbl = s.indexOf('::');
  if (dbl >= 0 && s.indexOf('::', dbl + 1) >= 0) return false;
  const parts = (h: string) => (h === '' ? [] : h.split(':'));
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

/** IPv4 and IPv6 addresses, bounded so `text192.168.1.1` and `std::cout` are not matched. */
export function detectIps(text: string, out: Finding[]): void {
  for (const m of text.matchAll(IPV4)) out.push({ type: 'IP', start: m.index, end: m.index + m[0].length, confidence: 0.85 });
  if (text.indexOf(':') < 0) return;
  let colon = text.indexOf(':');
  while (colon >= 0) {
    // An address is at most 45 characters: look no further left, so long colon runs stay linear.
    let b = colon;
    while (b > 0 && colon - b < 46 && V6_CH.test(text[b - 1] ?? '')) b--;
    const tail = V6_TAIL.exec(text.slice(b, b + 80))?.[0] ?? '';
    const m = { index: b, 0: tail };
    colon = text.indexOf(':', Math.max(colon + 1, b + tail.length));
    if (/[0-9A-Za-z:.]/.test(text[b - 1] ?? '')) continue;
    let s = m[0];
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
    const after = text[m.index + s.length] ?? '';
    if (!zone && /[0-9A-Za-z:]/.test(after)) continue;
    if (prefix && Number(prefix.slice(1)) <= 128 && !/\d/.test(text[m.index + m[0].length] ?? '')) s += prefix;
    else s += zone;
    out.push({ type: 'IP', start: m.index, end: m.index + s.length, confidence: s.length <= 3 ? 0.5 : 0.85 });
  }
}
