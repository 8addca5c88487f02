/** Digit-shaped detectors: bank cards (Luhn, issuer ranges), Chinese resident IDs (MOD 11-2), US SSNs (SSA rules). */
import type { Finding } from '../types';
import { cnIdValid } from './checksums';
import { numberContext, ssnContext } from './context';
import { type DigitRuns, digitRuns } from './runs';

const isAlnum = (c: number) => (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);

/** True when the runs `i..j` hold one digit repeated. */
function allSame(u: Uint16Array, r: DigitRuns, i: number, j: number): boolean {
  const first = u[r.start[i] as number] as number;
  for (let g = i; g <= j; g++)
    for (let k = r.start[g] as number; k < (r.end[g] as number); k++) if ((u[k] as number) !== first) return false;
  return true;
}

/**
 * Whether a card number of `len` digits starting with the digits `p6` (its first six) belongs to an issuer that
 * issues that length: Visa, Mastercard, Amex, Mir, Discover, JCB, Diners, UnionPay, Maestro (12–19), UATP.
 */
function issued(p6: number, len: number): boolean {
  const p1 = Math.floor(p6 / 100000);
  const p2 = Math.floor(p6 / 10000);
  const p3 = Math.floor(p6 / 1000);
  const p4 = Math.floor(p6 / 100);
  if (p1 === 4) return len === 13 || len === 16 || len === 19;
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return len === 16;
  if (p2 === 34 || p2 === 37) return len === 15;
  if (p4 >= 2200 && p4 <= 2204) return len >= 16;
  if (p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649)) return len >= 16;
  if (p4 >= 3528 && p4 <= 3589) return len >= 16;
  if ((p3 >= 300 && p3 <= 305) || p4 === 3095 || p2 === 36 || p2 === 38 || p2 === 39) return len >= 14;
  if (p2 === 62 || p2 === 81) return len >= 16;
  if (p2 === 50 || (p2 >= 56 && p2 <= 69)) return len >= 12;
  return p1 === 1 && len === 15;
}

/**
 * Bank and credit cards: 12–19 digits, bare or grouped with one kind of separator, Luhn-valid, in an issuer's
 * range and length. A 12- or 13-digit one right after "order", "tracking", "ref"… is that number instead. A chain is digit
 * runs joined by single spaces or hyphens; a run glued to a letter outside the chain is dropped from it.
 */
export function detectCards(text: string, out: Finding[], runs: DigitRuns = digitRuns(text)): void {
  const u = runs.codes;
  let k = 0;
  while (k < runs.n) {
    // The chain k..m: each run ends one space or hyphen before the next begins.
    let m = k;
    while (m + 1 < runs.n && runs.start[m + 1] === (runs.end[m] as number) + 1) {
      const c = u[runs.end[m] as number] as number;
      if (c !== 32 && c !== 45) break;
      m++;
    }
    const s0 = runs.start[k] as number;
    const before = s0 > 0 ? (u[s0 - 1] as number) : 0;
    // A run glued to a letter, after `+` (a phone) or joined to a word (`A-1234…`) is not a card's first group.
    const glued =
      isAlnum(before) || before === 43 || ((before === 45 || before === 46 || before === 47) && s0 > 1 && isAlnum(u[s0 - 2] as number));
    const first = glued ? k + 1 : k;
    const last = isAlnum(u[runs.end[m] as number] as number) ? m - 1 : m;
    if (last >= first && (runs.end[last] as number) - (runs.start[first] as number) >= 12) cardsInChain(text, u, runs, first, last, out);
    k = m + 1;
  }
}

/**
 * Left to right, the longest valid card starting at each run of `first..last`. The Luhn sum is kept two ways as
 * the window grows (doubling the even or the odd positions from the left), so each window length is checked
 * without re-reading its digits.
 */
function cardsInChain(text: string, u: Uint16Array, r: DigitRuns, first: number, last: number, out: Finding[]): void {
  let i = first;
  // No window can start where fewer than 12 digits remain.
  let left = 0;
  for (let g = first; g <= last; g++) left += (r.end[g] as number) - (r.start[g] as number);
  while (i <= last && left >= 12) {
    // No issuer's range starts with 0, 7 or 9: no window from this run can be a card.
    const d0 = u[r.start[i] as number] as number;
    if (d0 === 48 || d0 === 55 || d0 === 57) {
      left -= (r.end[i] as number) - (r.start[i] as number);
      i++;
      continue;
    }
    let found = -1;
    let foundLen = 0;
    let len = 0;
    let evenDoubled = 0;
    let oddDoubled = 0;
    let p6 = 0;
    const sep = u[r.end[i] as number] as number;
    for (let j = i; j <= last; j++) {
      if (j > i && (u[r.end[j - 1] as number] as number) !== sep) break;
      const a = r.start[j] as number;
      const b = r.end[j] as number;
      if (len + b - a > 19) break;
      for (let k = a; k < b; k++, len++) {
        const d = (u[k] as number) - 48;
        if (len < 6) p6 = p6 * 10 + d;
        const dd = d > 4 ? d * 2 - 9 : d * 2;
        if (len % 2 === 0) {
          evenDoubled += dd;
          oddDoubled += d;
        } else {
          evenDoubled += d;
          oddDoubled += dd;
        }
      }
      // From the right, the second-to-last digit is doubled: for an even length that is an even index from the left.
      const sum = len % 2 === 0 ? evenDoubled : oddDoubled;
      const p = len >= 6 ? p6 : p6 * 10 ** (6 - len);
      if (len >= 12 && sum % 10 === 0 && issued(p, len) && !allSame(u, r, i, j)) {
        found = j;
        foundLen = len;
      }
    }
    if (found < 0) {
      left -= (r.end[i] as number) - (r.start[i] as number);
      i++;
      continue;
    }
    const start = r.start[i] as number;
    if (foundLen >= 14 || numberContext(text, u, start) >= 0)
      out.push({ type: 'CARD', start, end: r.end[found] as number, confidence: foundLen >= 14 ? 0.9 : 0.7 });
    for (let g = i; g <= found; g++) left -= (r.end[g] as number) - (r.start[g] as number);
    i = found + 1;
  }
}

/** Chinese resident IDs, 18-digit with check character or 15-digit legacy, region and date validated. */
export function detectCnIds(text: string, out: Finding[], runs: DigitRuns = digitRuns(text)): void {
  for (let k = 0; k < runs.n; k++) {
    const i = runs.start[k] as number;
    const j = runs.end[k] as number;
    if (j - i < 15 || j - i > 18) continue;
    const end = (text.charCodeAt(j) | 32) === 120 ? j + 1 : j;
    const len = end - i;
    if ((len === 15 || len === 18) && !isAlnum(text.charCodeAt(i - 1)) && !isAlnum(text.charCodeAt(end)) && cnIdValid(text.slice(i, end)))
      out.push({ type: 'CN_ID', start: i, end, confidence: len === 18 ? 0.97 : 0.75 });
  }
}

const SSN = /(?<![0-9A-Za-z.-])(\d{3})([-. ]?)(\d{2})([-. ]?)(\d{4})(?![0-9A-Za-z]|[-.]\d)/y;
const SSN_DENY = new Set(['078051120', '219099999', '123456789', '111111111', '333333333']);

/**
 * US Social Security numbers: 3-2-4 digits, consistent separators, no 000/666/9xx area, 00 group or 0000 serial.
 * Only 9 digits, runs of 3+2+4 joined by single separators, or 3-6 and 5-4 hyphenated can be one; the pattern is
 * tried there. A word naming an SSN raises the confidence; one naming another number vetoes bare digits.
 */
export function detectSsns(text: string, out: Finding[], runs: DigitRuns = digitRuns(text)): void {
  const { codes: u, start, end, n } = runs;
  let done = 0;
  for (let k = 0; k < n; k++) {
    const a = start[k] as number;
    const e = end[k] as number;
    const len = e - a;
    if (a < done || (len !== 9 && len !== 3 && len !== 5)) continue;
    if (len !== 9) {
      const c = u[e] as number;
      if ((c !== 45 && c !== 46 && c !== 32) || k + 1 >= n || start[k + 1] !== e + 1) continue;
      const next = (end[k + 1] as number) - e - 1;
      if (len === 3 ? next !== 2 && next !== 6 : next !== 4) continue;
      // 3+6 and 5+4 are SSN forms only hyphenated: `17251 2440 Main St` is a street number.
      if (next !== 2 && c !== 45) continue;
    }
    SSN.lastIndex = a;
    const m = SSN.exec(text);
    if (!m) continue;
    const [all, area = '', s1 = '', group = '', s2 = '', serial = ''] = m;
    done = a + all.length;
    if (s1 && s2 && s1 !== s2) continue;
    if (area === '000' || area === '666' || area[0] === '9' || group === '00' || serial === '0000') continue;
    if (SSN_DENY.has(area + group + serial)) continue;
    // Five digits, a hyphen, four and then a word is a ZIP+4 code and its town.
    if (area.length === 3 && group.length === 2 && s1 === '' && s2 === '-' && /^ \p{L}/u.test(text.slice(done, done + 2))) continue;
    const named = ssnContext(text, u, a);
    // Nine bare digits after "order", "tracking", "invoice"… are that number.
    if (!named && !s1 && !s2 && numberContext(text, u, a) < 0) continue;
    out.push({ type: 'SSN', start: a, end: a + all.length, confidence: named ? 0.9 : s1 && s2 ? 0.85 : 0.5 });
  }
}
