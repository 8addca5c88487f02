/**
 * Whether a phone candidate `a..b` (code units `u`, from the cheap scan in `phone.ts`) is a phone number, and how
 * sure: the separator grammar and Chinese mobile and landline forms are checked in place; everything else is read
 * by libphonenumber (full metadata) in the regions the scan was given, then in the fallback plans. Context words
 * before the candidate raise or veto it.
 */
import type { CountryCode } from 'libphonenumber-js/max';
import { numberContext } from './context';
import { validIn, validInternational } from './phone-plans';
import { FALLBACK_REGIONS } from './regions';
import type { Spans } from './shapes';

const isDigit = (c: number) => c >= 48 && c <= 57;

/** The candidate's digits (at most 17 are ever read: longer candidates are rejected first). */
const D = new Uint8Array(32);
/** The same digits as character codes, for their string when a plan must be read. */
const C = new Uint16Array(32);
function digitString(n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += String.fromCharCode(C[i] as number);
  return out;
}

/**
 * Separator grammar: no doubled separators, `()`, `.(`/`-(`, `).`/`)-` (a space right after `)` is ignored),
 * and at most one pair of non-empty parentheses (a trunk `(0)` after a country code may be a second).
 */
function wellFormed(u: Uint16Array, a: number, b: number): boolean {
  let prev = -1;
  let open = -1;
  let close = -1;
  for (let k = a; k < b; k++) {
    const c = u[k] as number;
    if (c === 32 && k > a && (u[k - 1] as number) === 41) continue;
    const sep = c === 32 || c === 46 || c === 45 || c === 47;
    if (sep && (prev === 32 || prev === 46 || prev === 45 || prev === 47)) return false;
    if (c === 41 && prev === 40) return false;
    if (c === 40 && (prev === 46 || prev === 45)) return false;
    if ((c === 46 || c === 45) && prev === 41) return false;
    if (c === 40 && trunkZero(u, k)) {
      k += 2;
      prev = 41;
      continue;
    }
    if (c === 40) {
      if (open >= 0) return false;
      open = k;
    } else if (c === 41) {
      if (close >= 0) return false;
      close = k;
    }
    prev = c;
  }
  if (open < 0 && close < 0) return true;
  return open >= 0 && close > open + 1;
}

/** `(0)` at `k`: the national trunk prefix written inside an international number, dropped when dialling. */
const trunkZero = (u: Uint16Array, k: number) => (u[k + 1] as number) === 48 && (u[k + 2] as number) === 41;

/**
 * The scan's inputs: the text (for context words), the regions to read it in, and the spans no phone may overlap
 * (what other detectors claimed; dates, times, versions, prices), merged in order, with a cursor into them that
 * only moves forward (candidates are read left to right).
 */
export interface PhoneScan {
  text: string;
  regions: readonly CountryCode[];
  blocked: Spans;
  /** The first blocked span that may end after the current candidate's start. */
  at: number;
  /** The last `numberContext` read and where: the windows of one candidate often share their start. */
  contextAt: number;
  context: number;
}

/** Confidence that code units `a..b` of `u` are a phone number, or 0. */
export function phoneConfidence(u: Uint16Array, a: number, b: number, scan: PhoneScan): number {
  const c0 = u[a] as number;
  const intl = c0 === 43 || (c0 === 48 && (u[a + 1] as number) === 48 && b - a >= 2);
  let n = 0;
  let grouped = false;
  for (let k = intl && c0 === 48 ? a + 2 : a; k < b; k++) {
    const c = u[k] as number;
    if (intl && c === 40 && trunkZero(u, k)) {
      k += 2;
      grouped = true;
      continue;
    }
    if (isDigit(c)) {
      if (n < 32) {
        D[n] = c - 48;
        C[n] = c;
      }
      n++;
    } else if (c === 32 || c === 40 || c === 41 || c === 46 || c === 45 || c === 47) grouped = true;
  }
  if (intl ? n < 7 || n > 15 : n < 7 || n > 13) return 0;
  if (!wellFormed(u, a, b)) return 0;
  if (scan.contextAt !== a) {
    scan.context = numberContext(scan.text, u, a);
    scan.contextAt = a;
  }
  const context = scan.context;
  if (context < 0 && !intl) return 0;
  // After "Phone:", "call me at", "电话", a well-formed run of 7–15 digits is the visitor's number whatever its
  // plan says (faker-style, new ranges, typos): no parse is needed to decide, which keeps dense text fast.
  if (context > 0) return 0.8;
  if (intl) return validInternational(digitString(n)) ? 0.9 : 0;
  return national(u, a, b, n, grouped, scan.regions);
}

/** Confidence of a national (no `+`/`00`) number of `n` digits in `D`, or 0. */
function national(u: Uint16Array, a: number, b: number, n: number, grouped: boolean, regions: readonly CountryCode[]): number {
  const d0 = D[0] ?? 0;
  const d1 = D[1] ?? 0;
  // Chinese mobiles (1[3-9] + 9 digits) are read without a parse: the plan is short and the demo's market.
  if (n === 11 && d0 === 1 && d1 >= 3) return 0.85;
  if (d0 === 0 && cnLandline(n, d1, D[2] ?? 0) && areaThenSeparator(u, a)) return 0.75;
  const digits = digitString(n);
  for (const r of regions) if (validIn(digits, r)) return grouped ? 0.8 : n >= 9 ? 0.55 : 0;
  // The fallback plans need more than a valid reading: a trunk `0` / `(…)` grouping of 9–11 digits (not in
  // groups of four like an IBAN's or a card's), or NANP's ten digits.
  const trunk = grouped && (d0 === 0 || (u[a] as number) === 40) && n >= 9 && n <= 11 && !fourGroups(u, a, b);
  if (trunk) {
    for (const r of FALLBACK_REGIONS) if (!regions.includes(r) && validIn(digits, r)) return 0.6;
  } else if (n === 10 && d0 >= 2 && (D[3] ?? 0) >= 2 && !regions.includes('US') && validIn(digits, 'US')) return grouped ? 0.8 : 0.55;
  return 0;
}

/** Three or more groups of exactly four digits (`0102 0000 0012`): the way IBANs and cards are written. */
function fourGroups(u: Uint16Array, a: number, b: number): boolean {
  let run = 0;
  let fours = 0;
  for (let k = a; k <= b; k++) {
    if (k < b && isDigit(u[k] as number)) run++;
    else {
      if (run === 4) fours++;
      run = 0;
    }
  }
  return fours >= 3;
}

/** `0(?:10|2d|[3-9]dd)d{7,8}` by length. */
function cnLandline(n: number, d1: number, d2: number): boolean {
  if ((d1 === 1 && d2 === 0) || d1 === 2) return n === 10 || n === 11;
  return d1 >= 3 && (n === 11 || n === 12);
}

/** The candidate opens with an area code in parentheses or followed by a space or hyphen: `^(?:\(0\d{2,3}\)|0\d{2,3}[ -])`. */
function areaThenSeparator(u: Uint16Array, a: number): boolean {
  let p = a + ((u[a] as number) === 40 ? 1 : 0);
  if ((u[p] as number) !== 48) return false;
  p++;
  let k = 0;
  while (isDigit(u[p + k] as number)) k++;
  if (k < 2 || k > 3) return false;
  const q = p + k;
  if ((u[a] as number) === 40) return (u[q] as number) === 41;
  const c = u[q] as number;
  return c === 32 || c === 45;
}
