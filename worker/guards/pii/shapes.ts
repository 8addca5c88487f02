/**
 * Numbers that are not personal data and must stay readable: dates (`2005-03-08`, `08.03.2005`), times
 * (`10:00:21`), IPv4 addresses, version numbers (`10.0.19041`), prices (`$1,299.00`, `12 990 kr`) and postal
 * codes with a suffix before a town (`01699-8809 Springfield`). Found from
 * the digit runs in one pass; a phone, card or SSN finding that overlaps one is dropped, since masking it would
 * break the answer the visitor needed.
 */
import type { CountryCode } from 'libphonenumber-js/max';
import type { DigitRuns } from './runs';

/** Spans `[start[i], end[i])` of non-personal numbers, in order (scratch reused from call to call). */
export interface Spans {
  n: number;
  start: Int32Array;
  end: Int32Array;
}

/** What the digit detectors share in one scan: the regions to read phones in, and the plain numbers to avoid. */
export interface ScanContext {
  regions: readonly CountryCode[];
  plain: Spans;
}

const spans: Spans = { n: 0, start: new Int32Array(64), end: new Int32Array(64) };

function add(a: number, b: number): void {
  if (spans.n === spans.start.length) {
    const s = new Int32Array(spans.n * 2);
    const e = new Int32Array(spans.n * 2);
    s.set(spans.start);
    e.set(spans.end);
    spans.start = s;
    spans.end = e;
  }
  spans.start[spans.n] = a;
  spans.end[spans.n++] = b;
}

/** `,` `.` `'` or a space: what groups the digits of an amount. */
const isGroupSep = (c: number) => c === 44 || c === 46 || c === 39 || c === 32;
const CURRENCY_BEFORE = '$€£¥₹₩₽¢₺₪฿';
/** First letters (lower case) of the currency words `CURRENCY_AFTER` knows: others skip the pattern. */
const CURRENCY_INITIALS = [...'eugcrjsndhbkfzyp'].map((c) => c.charCodeAt(0));
const CURRENCY_AFTER =
  /^\s?(?:[€$£¥₹₩₽₺₪฿元円]|(?:eur|usd|gbp|cny|rmb|jpy|sek|nok|dkk|huf|chf|brl|kr|ft|zł|zl|yuan|euros?|dollars?|pounds?)(?![a-z]))/i;

/** The runs being read (module scope, so the helpers below are plain functions, not closures made per call). */
let r: DigitRuns;
let u: Uint16Array;
const len = (k: number) => (r.end[k] as number) - (r.start[k] as number);
/** Run `k` is followed by the single character `c` and then run `k + 1`. */
const joins = (k: number, c: number) =>
  k + 1 < r.n && (u[r.end[k] as number] as number) === c && r.start[k + 1] === (r.end[k] as number) + 1;
/** The value of run `k`'s first four digits. */
function num(k: number): number {
  let v = 0;
  for (let i = r.start[k] as number; i < (r.end[k] as number) && i < (r.start[k] as number) + 4; i++) v = v * 10 + (u[i] as number) - 48;
  return v;
}
const dayMonth = (p: number, q: number) => p >= 1 && q >= 1 && ((p <= 12 && q <= 31) || (p <= 31 && q <= 12));

/** Every date, time, IPv4, version and price among the digit runs of `text`. */
export function plainNumbers(text: string, runs: DigitRuns): Spans {
  spans.n = 0;
  r = runs;
  u = runs.codes;
  let k = 0;
  while (k < r.n) {
    const a = r.start[k] as number;
    // Time: h:mm[:ss][.fff]
    if (len(k) <= 2 && joins(k, 58) && len(k + 1) === 2) {
      let m = k + 1;
      if (joins(m, 58) && len(m + 1) === 2) m++;
      if (joins(m, 46)) m++;
      add(a, r.end[m] as number);
      k = m + 1;
      continue;
    }
    // Date: y-m-d or d.m.y (one separator, month and day in range either way round).
    const sep = u[r.end[k] as number] as number;
    if ((sep === 45 || sep === 46 || sep === 47) && joins(k, sep) && joins(k + 1, sep)) {
      const x = len(k);
      const y = len(k + 1);
      const z = len(k + 2);
      if (
        (x === 4 && y <= 2 && z <= 2 && dayMonth(num(k + 1), num(k + 2))) ||
        (x <= 2 && y <= 2 && (z === 4 || z === 2) && dayMonth(num(k), num(k + 1)))
      ) {
        add(a, r.end[k + 2] as number);
        k += 3;
        continue;
      }
    }
    // Postal codes with a suffix before a town: ZIP+4 `01699-8809 Springfield`, Brazil's CEP `71342-069 Santos`.
    if (len(k) === 5 && joins(k, 45) && (len(k + 1) === 4 || len(k + 1) === 3)) {
      const e = r.end[k + 1] as number;
      const c = u[e + 1] as number;
      // A town's name is capitalised: `85343-6327 after` is a phone's tail, not a postal code.
      if ((u[e] as number) === 32 && (c > 127 || (c >= 65 && c <= 90))) {
        add(a, e);
        k += 2;
        continue;
      }
    }
    // Dotted chains: IPv4 (four groups of 1–3) or a version (3+ groups, the first of 1–2 digits).
    if (joins(k, 46)) {
      let m = k;
      while (joins(m, 46)) m++;
      const groups = m - k + 1;
      const prev = a > 0 ? (u[a - 1] as number) : 0;
      const afterDigitGroup = prev === 32 && a > 1 && (u[a - 2] as number) >= 48 && (u[a - 2] as number) <= 57;
      let short = true;
      for (let g = k; g <= m; g++) if (len(g) > 3) short = false;
      if ((groups === 4 && short) || (groups >= 3 && len(k) <= 2 && !afterDigitGroup && prev !== 43)) {
        add(a, r.end[m] as number);
        k = m + 1;
        continue;
      }
    }
    // Price: a currency sign before, or a currency after, the amount (groups of 3 and decimals joined by , . ' or a space).
    let before = a - 1;
    if (before >= 0 && (u[before] as number) === 32) before--;
    const signBefore =
      before >= 0 && ((u[before] as number) === 36 || (u[before] as number) > 127) && CURRENCY_BEFORE.includes(text[before] ?? '');
    let m = k;
    while (
      m + 1 < r.n &&
      r.start[m + 1] === (r.end[m] as number) + 1 &&
      isGroupSep(u[r.end[m] as number] as number) &&
      (len(m + 1) === 3 || (len(m + 1) === 2 && !joins(m + 1, 32)))
    )
      m++;
    const e = r.end[m] as number;
    const next = (u[e] as number) === 32 ? (u[e + 1] as number) : (u[e] as number);
    const maybeAfter = next > 127 || (CURRENCY_INITIALS.includes(next | 32) && (next | 32) >= 97) || next === 36;
    if (signBefore || (maybeAfter && CURRENCY_AFTER.test(text.slice(e, e + 9)))) {
      add(a, e);
      k = m + 1;
      continue;
    }
    k++;
  }
  return spans;
}

/** True when `[a, b)` overlaps one of the spans (binary search: they are in order and disjoint). */
export function overlapsAny(s: Spans, a: number, b: number): boolean {
  let lo = 0;
  let hi = s.n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((s.end[mid] as number) <= a) lo = mid + 1;
    else hi = mid;
  }
  return lo < s.n && (s.start[lo] as number) < b;
}
