/**
 * `detectPii(text)`: every detector over the width-folded text, overlaps resolved by confidence then length.
 * Pure and synchronous; spans index the original text.
 */
import type { CountryCode } from 'libphonenumber-js/max';
import type { Finding, PiiType } from '../types';
import { foldWidth } from './fold';
import { detectIbans } from './iban';
import { detectEmails, detectIps } from './net';
import { detectCards, detectCnIds, detectSsns } from './numbers';
import { byStart } from './order';
import { detectPassports } from './passport';
import { detectPhones } from './phone';
import { clearRuns, type DigitRuns, digitRuns } from './runs';
import { overlapsAny, plainNumbers, type ScanContext, type Spans } from './shapes';

export { regionsFor } from './regions';

/**
 * A detector appends its findings to `out`; the digit-shaped ones take the text's digit runs when given, the phone
 * detector the regions whose national plans it reads.
 */
type Detector = (text: string, out: Finding[], runs?: DigitRuns, scan?: ScanContext) => void;

/** In run order: phones last, so a number a checksum detector already claimed is not parsed as a phone too. */
export const DETECTORS: Record<PiiType, Detector> = {
  EMAIL: detectEmails,
  CN_ID: detectCnIds,
  CARD: detectCards,
  IBAN: detectIbans,
  IP: detectIps,
  SSN: detectSsns,
  PASSPORT: detectPassports,
  PHONE: detectPhones,
};

/** Options: which types to run (default all) and the confidence below which a finding is dropped. */
export interface DetectOptions {
  types?: readonly PiiType[];
  minConfidence?: number;
  /** Keep overlapping findings (benchmarks score each type on its own). */
  keepOverlaps?: boolean;
  /** Regions (ISO 3166 alpha-2) whose national phone plans to read, preferred first: see `regionsFor`. */
  regions?: readonly CountryCode[];
}

/** Types that a date, time, IP address, version or price is never one of. */
const NUMERIC: ReadonlySet<PiiType> = new Set(['PHONE', 'CARD', 'SSN', 'CN_ID']);
const NO_SPANS: Spans = { n: 0, start: new Int32Array(0), end: new Int32Array(0) };

const ALL_TYPES = Object.keys(DETECTORS) as PiiType[];
/**
 * Every finding of the chosen detectors in `text`, at any confidence and overlapping, in detector order: the raw
 * scan that `resolvePii` turns into a result. Kept apart so one scan can serve several policies.
 */
export function scanPii(text: string, types: readonly PiiType[] = ALL_TYPES, regions: readonly CountryCode[] = []): Finding[] {
  const found: Finding[] = [];
  // One pass finds the digit runs every numeric detector walks, folding full-width forms as it reads; the string
  // is folded too only when it had one. Every detector but e-mail and IPv6 (`::`) needs a digit: prose without
  // one skips them.
  const runs = digitRuns(text);
  const folded = runs.folded ? foldWidth(text) : text;
  // Dates, times, versions and prices are found only when a detector they could be mistaken by runs.
  const plain = runs.n > 0 && types.some((t) => NUMERIC.has(t)) ? plainNumbers(folded, runs) : NO_SPANS;
  const scan: ScanContext = { regions, plain };
  for (const t of types) if (runs.n > 0 || t === 'EMAIL' || t === 'IP') DETECTORS[t](folded, found, runs, scan);
  clearRuns();
  if (!plain.n) return found;
  // Phones are never read across a plain number (it blocks them as it is found): only the others are checked.
  return found.filter((f) => f.type === 'PHONE' || !NUMERIC.has(f.type) || !overlapsAny(plain, f.start, f.end));
}

/** Of two overlapping findings, the more confident, then the longer; the first on a tie. */
function better(a: Finding, b: Finding): Finding {
  if (b.confidence !== a.confidence) return b.confidence > a.confidence ? b : a;
  return b.end - b.start > a.end - a.start ? b : a;
}

/** Find personal data in `text`; non-overlapping unless asked, sorted by start. */
export function detectPii(text: string, opts: DetectOptions = {}): Finding[] {
  return resolvePii(scanPii(text, opts.types, opts.regions), opts);
}

/** The findings of a raw scan at or above `minConfidence` (default 0.5), sorted by start, overlaps resolved unless kept. */
export function resolvePii(found: readonly Finding[], opts: Omit<DetectOptions, 'types'> = {}): Finding[] {
  const min = opts.minConfidence ?? 0.5;
  const kept = byStart(found, min);
  if (opts.keepOverlaps) return kept;
  // Sweep into clusters of overlapping findings; inside one, the most confident (then longest) wins.
  const chosen: Finding[] = [];
  let i = 0;
  while (i < kept.length) {
    let j = i + 1;
    let end = kept[i]?.end ?? 0;
    while (j < kept.length && (kept[j]?.start ?? 0) < end) end = Math.max(end, kept[j++]?.end ?? 0);
    if (j === i + 1) chosen.push(kept[i] as Finding);
    else if (j === i + 2) chosen.push(better(kept[i] as Finding, kept[i + 1] as Finding));
    else {
      const cluster = kept.slice(i, j).sort((a, b) => b.confidence - a.confidence || b.end - b.start - (a.end - a.start));
      const won: Finding[] = [];
      for (const f of cluster) if (!won.some((c) => f.start < c.end && c.start < f.end)) won.push(f);
      chosen.push(...won.sort((a, b) => a.start - b.start));
    }
    i = j;
  }
  return chosen;
}
