/** Network identifiers: e-mail addresses and IPv4/IPv6 addresses (with CIDR suffix, zone id, embedded IPv4). */
import type { Finding } from '../types';
import { detectIpv6 } from './ipv6';
import { type DigitRuns, digitRuns } from './runs';

const isAlnum = (c: number) => (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
/** `[A-Za-z0-9._%+-]`: what the local part of an address is written with. */
const isLocal = (c: number) => isAlnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
const DOMAIN = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:xn--[A-Za-z0-9-]{2,59}|[A-Za-z]{2,63})/;

/** E-mail addresses: found by their `@`, then the local part and a dotted domain with a real TLD are checked. */
export function detectEmails(text: string, out: Finding[]): void {
  let at = text.indexOf('@');
  while (at >= 0) {
    // Read by char code: a one-character string and a pattern per character of the local part were most of the cost.
    let s = at;
    while (s > 0 && isLocal(text.charCodeAt(s - 1))) s--;
    while (s < at && text.charCodeAt(s) === 46) s++;
    const local = text.slice(s, at);
    const dm = DOMAIN.exec(text.slice(at + 1, at + 256));
    if (local.length > 0 && local.length <= 64 && !local.endsWith('.') && !local.includes('..') && dm) {
      const end = at + 1 + dm[0].length;
      const c = text.charCodeAt(end);
      if (!(isAlnum(c) || c === 45)) out.push({ type: 'EMAIL', start: s, end, confidence: 0.95 });
    }
    at = text.indexOf('@', at + 1);
  }
}

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const V4 = `${OCTET}(?:\\.${OCTET}){3}`;
const IPV4 = new RegExp(`(?<![0-9A-Za-z.])${V4}(?:\\/(?:3[0-2]|[12]?\\d)(?!\\d))?(?![0-9A-Za-z])`, 'y');
/** Runs `k..k+3` are four groups of one to three digits joined by single dots: the only place `IPV4` can match. */
function dottedQuad(r: DigitRuns, k: number): boolean {
  if (k + 3 >= r.n) return false;
  for (let g = k; g <= k + 3; g++) {
    if ((r.end[g] as number) - (r.start[g] as number) > 3) return false;
    if (g < k + 3 && ((r.codes[r.end[g] as number] as number) !== 46 || r.start[g + 1] !== (r.end[g] as number) + 1)) return false;
  }
  return true;
}

/**
 * IPv4 and IPv6 addresses, bounded so `text192.168.1.1` and `std::cout` are not matched. IPv4 is tried only at four
 * short digit runs joined by dots; IPv6 around each colon.
 */
export function detectIps(text: string, out: Finding[], runs: DigitRuns = digitRuns(text)): void {
  let done = 0;
  for (let k = 0; k < runs.n; k++) {
    const a = runs.start[k] as number;
    if (a < done || !dottedQuad(runs, k)) continue;
    IPV4.lastIndex = a;
    if (!IPV4.test(text)) continue;
    done = IPV4.lastIndex;
    out.push({ type: 'IP', start: a, end: done, confidence: 0.85 });
  }
  detectIpv6(text, out);
}
