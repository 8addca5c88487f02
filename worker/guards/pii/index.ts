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
  for (const t of types) DETECTORS[t](folded, found);
  const min = opts.minConfidence ?? 0.5;
  const kept = found.filter((f) => f.confidence >= min);
  if (opts.keepOverlaps) return kept.sort((a, b) => a.start - b.start);
  kept.sort((a, b) => b.confidence - a.confidence || b.end - b.start - (a.end - a.start));
  const chosen: Finding[] = [];
  for (const f of kept) if (!chosen.some((c) => f.start < c.end && c.start < f.end)) chosen.push(f);
  return chosen.sort((a, b) => a.start - b.start);
}
