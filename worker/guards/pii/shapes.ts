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
/**
 * The first two letters, in lower case, of the currency words `CURRENCY_AFTER` knows (`eur` → `eu`, `zł` → `zł`):
 * an amount followed by any other pair of letters skips the pattern.
 */
const CURRENCY_PAIRS = new Set(
  ['eu', 'us', 'gb', 'cn', 'rm', 'jp', 'se', 'no', 'dk', 'hu', 'ch', 'br', 'kr', 'ft', 'zł', 'zŁ', 'zl', 'yu', 'do', 'po'].map(
    (w) => w.charCodeAt(0) * 65536 + w.charCodeAt(1),
  ),
);
const lower = (c: number) => (c >= 65 && c <= 90 ? c | 32 : c);
/** A currency sign or word may start at `k` (code units `u`): a non-ASCII character or `$`, or a known letter pair. */
const mayBeCurrency = (u: Uint16Array, k: number) => {
  const c = u[k] as number;
  return c > 127 || c === 36 || CURRENCY_PAIRS.has(lower(c) * 65536 + lower(u[k + 1] as number));
};
/** Sticky, read from the amount's end in place (the longest word and its space fit well inside what it may look at). */
const CURRENCY_AFTER =
  /\s?(?:[€$£¥₹₩₽₺₪฿元円]|(?:eur|usd|gbp|cny|rmb|jpy|sek|nok|dkk|huf|chf|brl|kr|ft|zł|zl|yuan|euros?|dollars?|pounds?)(?![a-z]))/iy;

/** Run `k + 1` follows run `k` after exactly the character `c`. */
const joins = (r: DigitRuns, k: number, c: number) =>
  k + 1 < r.n && (r.codes[r.end[k] as number] as number) === c && r.start[k + 1] === (r.end[k] as number) + 1;
const len = (r: DigitRuns, k: number) => (r.end[k] as number) - (r.start[k] as number);
/** The value of run `k`'s first four digits. */
function num(r: DigitRuns, k: number): number {
  let v = 0;
  const a = r.start[k] as number;
  const b = Math.min(r.end[k] as number, a + 4);
  for (let i = a; i < b; i++) v = v * 10 + (r.codes[i] as number) - 48;
  return v;
}
const dayMonth = (p: number, q: number) => p >= 1 && q >= 1 && ((p <= 12 && q <= 31) || (p <= 31 && q <= 12));

/** Every date, time, IPv4, version and price among the digit runs of `text`. */
export function plainNumbers(text: string, r: DigitRuns): Spans {
  spans.n = 0;
  const u = r.codes;
  const n = r.n;
  let k = 0;
  while (k < n) {
    const a = r.start[k] as number;
    const e0 = r.end[k] as number;
    const sep = u[e0] as number;
    // Every shape but a price needs a separator joining this run to the next.
    const joined = k + 1 < n && r.start[k + 1] === e0 + 1;
    if (joined) {
      const shaped = shapeAt(u, r, k, sep);
      if (shaped > k) {
        k = shaped;
        continue;
      }
    }
    // Price: a currency sign before, or a currency after, the amount (groups of 3 and decimals joined by , . ' or a space).
    let before = a - 1;
    if (before >= 0 && (u[before] as number) === 32) before--;
    const b = before >= 0 ? (u[before] as number) : 0;
    const signBefore = (b === 36 || b > 127) && CURRENCY_BEFORE.includes(text[before] ?? '');
    let m = k;
    while (
      m + 1 < n &&
      r.start[m + 1] === (r.end[m] as number) + 1 &&
      isGroupSep(u[r.end[m] as number] as number) &&
      (len(r, m + 1) === 3 || (len(r, m + 1) === 2 && !joins(r, m + 1, 32)))
    )
      m++;
    const e = r.end[m] as number;
    const maybeAfter = mayBeCurrency(u, (u[e] as number) === 32 ? e + 1 : e);
    if (signBefore || (maybeAfter && afterAmount(text, e))) {
      add(a, e);
      k = m + 1;
      continue;
    }
    k++;
  }
  return spans;
}

/** A currency sign or word right after the amount ending at `e`. */
function afterAmount(text: string, e: number): boolean {
  CURRENCY_AFTER.lastIndex = e;
  return CURRENCY_AFTER.test(text);
}

/**
 * A time, date, postal code, IPv4 address or version starting at run `k` (joined to the next by `sep`): the span
 * is added and the run after it returned, else `k`.
 */
function shapeAt(u: Uint16Array, r: DigitRuns, k: number, sep: number): number {
  const a = r.start[k] as number;
  // Time: h:mm[:ss][.fff]
  if (sep === 58) {
    if (len(r, k) <= 2 && len(r, k + 1) === 2) {
      let m = k + 1;
      if (joins(r, m, 58) && len(r, m + 1) === 2) m++;
      if (joins(r, m, 46)) m++;
      add(a, r.end[m] as number);
      return m + 1;
    }
    return k;
  }
  // Date: y-m-d or d.m.y (one separator, month and day in range either way round).
  if ((sep === 45 || sep === 46 || sep === 47) && joins(r, k + 1, sep)) {
    const x = len(r, k);
    const y = len(r, k + 1);
    const z = len(r, k + 2);
    if (
      (x === 4 && y <= 2 && z <= 2 && dayMonth(num(r, k + 1), num(r, k + 2))) ||
      (x <= 2 && y <= 2 && (z === 4 || z === 2) && dayMonth(num(r, k), num(r, k + 1)))
    ) {
      add(a, r.end[k + 2] as number);
      return k + 3;
    }
  }
  // Postal codes with a suffix before a town: ZIP+4 `01699-8809 Springfield`, Brazil's CEP `71342-069 Santos`.
  if (sep === 45 && len(r, k) === 5 && (len(r, k + 1) === 4 || len(r, k + 1) === 3)) {
    const e = r.end[k + 1] as number;
    const c = u[e + 1] as number;
    // A town's name is capitalised: `85343-6327 after` is a phone's tail, not a postal code.
    if ((u[e] as number) === 32 && (c > 127 || (c >= 65 && c <= 90))) {
      add(a, e);
      return k + 2;
    }
  }
  // Dotted chains: IPv4 (four groups of 1–3) or a version (3+ groups, the first of 1–2 digits).
  if (sep === 46) {
    let m = k;
    while (joins(r, m, 46)) m++;
    const groups = m - k + 1;
    const prev = a > 0 ? (u[a - 1] as number) : 0;
    const afterDigitGroup = prev === 32 && a > 1 && (u[a - 2] as number) >= 48 && (u[a - 2] as number) <= 57;
    let short = true;
    for (let g = k; g <= m; g++) if (len(r, g) > 3) short = false;
    if ((groups === 4 && short) || (groups >= 3 && len(r, k) <= 2 && !afterDigitGroup && prev !== 43)) {
      add(a, r.end[m] as number);
      return m + 1;
    }
  }
  return k;
}

/** True when `[a, b)` overlaps one of the spans (binary search: they are in order and disjoint). */
export function overlapsAny(s: Spans, a: number, b: number): boolean {
  const lo = firstEndingAfter(s, a);
  return lo < s.n && (s.start[lo] as number) < b;
}

/** The index of the first span that ends after `a` (`s.n` when none does). */
export function firstEndingAfter(s: Spans, a: number): number {
  let lo = 0;
  let hi = s.n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((s.end[mid] as number) <= a) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The most digits in one stretch of `u[a..b)` that overlaps none of the spans `s` (from span `from` on, the first
 * that may end after `a`): a number needing `m` digits can lie there only when this is at least `m`.
 */
export function freeDigits(u: Uint16Array, a: number, b: number, s: Spans, from: number): number {
  let i = from;
  let best = 0;
  let run = 0;
  for (let k = a; k < b; k++) {
    while (i < s.n && (s.end[i] as number) <= k) i++;
    if (i < s.n && (s.start[i] as number) <= k) run = 0;
    else if ((u[k] as number) >= 48 && (u[k] as number) <= 57 && ++run > best) best = run;
  }
  return best;
}
