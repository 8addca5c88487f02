/**
 * `detectPii(text)`: every detector over the width-folded text, overlaps resolved by confidence then length.
 * Pure and synchronous; spans index the original text.
 */
import type { Finding, PiiType } from '../types';
import { foldWidth } from './fold';
import { detectIbans } from './iban';
import { detectEmails, detectIps } from './net';
import { detectCards, detectCnIds, detectSsns } from './numbers';
import { detectPassports } from './passport';
import { detectPhones } from './phone';

type Detector = (text: string, out: Finding[]) => void;

export const DETECTORS: Record<PiiType, Detector> = {
  EMAIL: detectEmails,
  PHONE: detectPhones,
  CN_ID: detectCnIds,
  CARD: detectCards,
  IBAN: detectIbans,
  IP: detectIps,
  SSN: detectSsns,
  PASSPORT: detectPassports,
};

/** Options: which types to run (default all) and the confidence below which a finding is dropped. */
export interface DetectOptions {
  types?: readonly PiiType[];
  minConfidence?: number;
  /** Keep overlapping findings (benchmarks score each type on its own). */
  keepOverlaps?: boolean;
}

/** Find personal data in `text`; non-overlapping unless asked, sorted by start. */
export function detectPii(text: string, opts: DetectOptions = {}): Finding[] {
  const folded = foldWidth(text);
  const found: Finding[] = [];
  const types = opts.types ?? (Object.keys(DETECTORS) as PiiType[]);
  // Every detector but e-mail and IPv6 (`::`) needs a digit: prose without one skips them.
  const digits = /\d/.test(folded);
  for (const t of types) if (digits || t === 'EMAIL' || t === 'IP') DETECTORS[t](folded, found);
  const min = opts.minConfidence ?? 0.5;
  const kept = found.filter((f) => f.confidence >= min);
  if (opts.keepOverlaps) return kept.sort((a, b) => a.start - b.start);
  kept.sort((a, b) => a.start - b.start);
  // Sweep into clusters of overlapping findings; inside one, the most confident (then longest) wins.
  const chosen: Finding[] = [];
  let i = 0;
  while (i < kept.length) {
    let j = i + 1;
    let end = kept[i]?.end ?? 0;
    while (j < kept.length && (kept[j]?.start ?? 0) < end) end = Math.max(end, kept[j++]?.end ?? 0);
    if (j === i + 1) chosen.push(kept[i] as Finding);
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
