/**
 * Phone numbers in two steps. A linear scan over the digit runs finds candidates: maximal stretches of digits and
 * phone separators with 7 or more digits, not glued to a letter. Only those are validated (`phone-forms.ts`):
 * international numbers by their country code, national ones in the regions of the site's and visitor's locales,
 * Chinese mobiles and landlines in place. Candidates are index ranges into the text: nothing is copied.
 */
import type { Finding } from '../types';
import { byStart } from './order';
import { type PhoneScan, phoneConfidence } from './phone-forms';
import { type DigitRuns, digitRuns } from './runs';
import { freeDigits, plainNumbers, type ScanContext, type Spans } from './shapes';

let blocked: Spans = { n: 0, start: new Int32Array(64), end: new Int32Array(64) };

/**
 * The spans no phone may overlap, in order and disjoint: what other detectors found before this one ran (IBANs,
 * cards, IPs…) merged with the plain numbers (dates, times, versions, prices).
 */
function blockedSpans(found: readonly Finding[], plain: Spans): Spans {
  const size = found.length + plain.n;
  if (blocked.start.length < size) blocked = { n: 0, start: new Int32Array(size * 2), end: new Int32Array(size * 2) };
  const { start, end } = blocked;
  const sorted = byStart(found);
  let n = 0;
  let f = 0;
  let p = 0;
  for (;;) {
    // An SSN reading of nine digits is weak: a phone containing them is still tried, and the more confident wins.
    while (f < sorted.length && (sorted[f] as Finding).type === 'SSN') f++;
    const fromFound = f < sorted.length && (p >= plain.n || (sorted[f] as Finding).start <= (plain.start[p] as number));
    if (!fromFound && p >= plain.n) break;
    const a = fromFound ? (sorted[f] as Finding).start : (plain.start[p] as number);
    const b = fromFound ? (sorted[f++] as Finding).end : (plain.end[p++] as number);
    // Overlapping spans are merged, which keeps the list disjoint for the forward cursor.
    if (n > 0 && a < (end[n - 1] as number)) end[n - 1] = Math.max(end[n - 1] as number, b);
    else {
      start[n] = a;
      end[n++] = b;
    }
  }
  blocked.n = n;
  return blocked;
}

/** True when `[a, b)` overlaps a blocked span; `a` never decreases from one call to the next in a scan. */
function overlapsBlocked(scan: PhoneScan, a: number, b: number): boolean {
  const s = scan.blocked;
  let at = scan.at;
  while (at < s.n && (s.end[at] as number) <= a) at++;
  scan.at = at;
  return at < s.n && (s.start[at] as number) < b;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isAlnum = (c: number) => (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
/** Digits, space, `(`, `)`, `+`, `-`, `.`, `/`: the characters a written phone number is made of. */
const isRunCh = (c: number) => (c >= 48 && c <= 57) || isSepCh(c);
/** Space, `(`, `)`, `+`, `-`, `.`, `/`: the separators between a phone number's digits. */
const isSepCh = (c: number) => c === 32 || c === 40 || c === 41 || c === 43 || c === 45 || c === 46 || c === 47;

/** `A-123…`, `v1.2…`, `x/12…`: digits glued to a word by a hyphen, dot or slash are part of that token (an order or version). */
export const gluedAfter = (u: Uint16Array, at: number) => {
  const c = at > 0 ? (u[at - 1] as number) : 0;
  return (c === 45 || c === 46 || c === 47 || c === 95) && at > 1 && isAlnum(u[at - 2] as number);
};
/** Where a number can begin: a digit, `(` or `+`. */
const isStartCh = (c: number) => (c >= 48 && c <= 57) || c === 40 || c === 43;

/**
 * Find phone numbers; a run of several numbers separated by spaces is split and each part tried. A candidate is a
 * maximal stretch of phone characters that opens at the first digit, `(` or `+` after a non-phone character; the
 * digit runs locate them without reading the prose in between.
 */
export function detectPhones(
  text: string,
  out: Finding[],
  runs: DigitRuns = digitRuns(text),
  context: ScanContext = { regions: [], plain: plainNumbers(text, runs) },
): void {
  const scan: PhoneScan = { text, regions: context.regions, blocked: blockedSpans(out, context.plain), at: 0, contextAt: -1, context: 0 };
  const u = runs.codes;
  const n = runs.length;
  let k = 0;
  while (k < runs.n) {
    // Back from the first digit over separators to the opening `(` or `+`, if any.
    const d0 = runs.start[k] as number;
    let p = d0;
    while (p > 0 && isRunCh(u[p - 1] as number)) p--;
    let i = p;
    while (i < d0 && !isStartCh(u[i] as number)) i++;
    // Forward over digit runs joined by separators only.
    let digits = 0;
    let j = runs.end[k] as number;
    digits += j - d0;
    k++;
    for (;;) {
      while (j < n && isSepCh(u[j] as number)) j++;
      if (k < runs.n && runs.start[k] === j) {
        digits += (runs.end[k] as number) - j;
        j = runs.end[k++] as number;
      } else break;
    }
    const prev = i > 0 ? (u[i - 1] as number) : 0;
    if (digits >= 7 && !(isAlnum(prev) || prev === 43 || gluedAfter(u, i))) candidate(u, i, j, out, scan);
  }
}

// Space-separated pieces of one candidate: start, end, digit count (reused scratch).
let pS = new Int32Array(32);
let pE = new Int32Array(32);
let pD = new Int32Array(32);

/** End of `a..b` with trailing characters that `strip` accepts removed. */
function trimEnd(u: Uint16Array, a: number, b: number, strip: (c: number) => boolean): number {
  while (b > a && strip(u[b - 1] as number)) b--;
  return b;
}
const runTrail = (c: number) => c === 32 || c === 40 || c === 46 || c === 43 || c === 45 || c === 47;
const subTrail = (c: number) => c === 46 || c === 40 || c === 45 || c === 47;

/** The candidate `at..runEnd` (code units `u`): whole, or else split at spaces into the longest valid windows. */
function candidate(u: Uint16Array, at: number, runEnd: number, out: Finding[], scan: PhoneScan): void {
  const end = trimEnd(u, at, runEnd, runTrail);
  // Of several leading `(`, only the last belongs to the number.
  let start = at;
  while (start + 1 < end && (u[start] as number) === 40 && (u[start + 1] as number) === 40) start++;
  // Trimming and the leading `(`s take no digits away, so the caller's 7-digit test still holds.
  if (end <= start || !isStartCh(u[start] as number) || isAlnum(u[end] as number)) return;
  // Every window below lies inside the candidate: when it overlaps no claimed or plain span, none of them does.
  const blocked = overlapsBlocked(scan, start, end);
  // A card, an IBAN or a date and time often fill a candidate: with no 7 digits free of them, no window can be one.
  if (blocked && freeDigits(u, start, end, scan.blocked, scan.at) < 7) return;
  const whole = blocked ? 0 : phoneConfidence(u, start, end, scan);
  if (whole > 0) {
    out.push({ type: 'PHONE', start, end, confidence: whole });
    return;
  }
  // Split on spaces and take the longest valid window from each piece, left to right.
  let np = 0;
  let k = start;
  while (k < end) {
    while (k < end && (u[k] as number) === 32) k++;
    if (k >= end) break;
    if (np === pS.length) grow();
    pS[np] = k;
    let d = 0;
    while (k < end && (u[k] as number) !== 32) if (isDigit(u[k++] as number)) d++;
    pE[np] = k;
    pD[np++] = d;
  }
  let i = 0;
  while (i < np) {
    let best = -1;
    let conf = 0;
    let subEnd = 0;
    let total = 0;
    let last = i;
    const s = pS[i] ?? 0;
    const intl = (u[s] as number) === 43 || ((u[s] as number) === 48 && (u[s + 1] as number) === 48);
    // A phone number has at most six groups and 15 digits.
    while (last < np && last - i < 6 && total + (pD[last] ?? 0) <= 15) total += pD[last++] ?? 0;
    for (let j = last - 1; j >= i; total -= pD[j] ?? 0, j--) {
      if (total < 7) break;
      if (total > 12 && !intl) continue;
      const e = trimEnd(u, s, pE[j] ?? 0, subTrail);
      // The whole candidate again (one piece, nothing trimmed) was read above and scored 0.
      const again = s === start && e === end;
      const free = !again && (!blocked || !overlapsBlocked(scan, s, e));
      const c = free && e > s && isStartCh(u[s] as number) ? phoneConfidence(u, s, e, scan) : 0;
      if (c > 0) {
        best = j;
        conf = c;
        subEnd = e;
        break;
      }
    }
    if (best < 0) {
      i++;
      continue;
    }
    out.push({ type: 'PHONE', start: s, end: subEnd, confidence: conf });
    i = best + 1;
  }
}

function grow(): void {
  const len = pS.length * 2;
  const copy = (a: Int32Array) => {
    const b = new Int32Array(len);
    b.set(a);
    return b;
  };
  pS = copy(pS);
  pE = copy(pE);
  pD = copy(pD);
}
