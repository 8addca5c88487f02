/** Shared guard types: a finding is what a detector saw; a step is what a guard decided. */
import type { PiiType } from '../../shared/guard-policy';

export { PII_TYPES, type PiiType } from '../../shared/guard-policy';

/** One detected value: its type, its span `[start, end)` in the scanned text, and a confidence in 0..1. */
export interface Finding {
  type: PiiType;
  start: number;
  end: number;
  confidence: number;
}

/** A guard action as it goes to the audit log, e.g. `mask:phone`, `block:injection.ignore_rules`, `flag:profanity`. */
export type GuardAction = string;

/** Why a guard stopped a turn. */
export type BlockReason = 'injection' | 'pii' | 'profanity' | 'canary' | 'leak' | 'scan_failed';
