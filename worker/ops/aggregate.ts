/**
 * Pure aggregation of turn samples into the figures the dashboard, `/metrics` and alerts share.
 * Percentiles are exact (nearest-rank) over the window's samples.
 */

import type { AuditDbRow } from '../audit/row';

/** The columns of an audit row that figures are computed from (`feedback`: 1 up, -1 down, null not rated). */
export const SAMPLE_COLUMNS = [
  'at',
  'site',
  'intent',
  'tier',
  'model',
  'cached',
  'ttfd_ms',
  'total_ms',
  'tokens_in',
  'tokens_out',
  'cost_usd',
  'status',
  'error_code',
  'feedback',
] as const;

export type TurnSample = Pick<AuditDbRow, (typeof SAMPLE_COLUMNS)[number]>;

/** Nearest-rank percentile of `values` (0 < p ≤ 100), null when empty. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

export interface WindowStats {
  turns: number;
  errors: number;
  errorRate: number;
  cacheHits: number;
  cacheHitRate: number;
  ttfdP50: number | null;
  ttfdP95: number | null;
  ttfdP99: number | null;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  /** Replies the visitor rated up / down. */
  feedbackUp: number;
  feedbackDown: number;
}

/** Totals and latency percentiles of a set of samples. */
export function windowStats(samples: TurnSample[]): WindowStats {
  const ttfd = samples.flatMap((s) => (s.ttfd_ms === null ? [] : [s.ttfd_ms]));
  const errors = samples.filter((s) => s.status === 'error').length;
  const hits = samples.filter((s) => s.cached === 1).length;
  const n = samples.length;
  return {
    turns: n,
    errors,
    errorRate: n ? errors / n : 0,
    cacheHits: hits,
    cacheHitRate: n ? hits / n : 0,
    ttfdP50: percentile(ttfd, 50),
    ttfdP95: percentile(ttfd, 95),
    ttfdP99: percentile(ttfd, 99),
    tokensIn: samples.reduce((a, s) => a + s.tokens_in, 0),
    tokensOut: samples.reduce((a, s) => a + s.tokens_out, 0),
    costUsd: samples.reduce((a, s) => a + s.cost_usd, 0),
    feedbackUp: samples.filter((s) => s.feedback === 1).length,
    feedbackDown: samples.filter((s) => s.feedback === -1).length,
  };
}

export interface SeriesPoint extends WindowStats {
  /** Start of the bucket, ms since the epoch. */
  t: number;
}

/** Split [from, to) into `buckets` equal slots and compute each slot's stats. */
export function timeSeries(samples: TurnSample[], from: number, to: number, buckets: number): SeriesPoint[] {
  const width = (to - from) / buckets;
  const slots: TurnSample[][] = Array.from({ length: buckets }, () => []);
  for (const s of samples) {
    const i = Math.floor((s.at - from) / width);
    if (i >= 0 && i < buckets) slots[i]?.push(s);
  }
  return slots.map((slot, i) => ({ t: Math.round(from + i * width), ...windowStats(slot) }));
}

export interface Breakdown {
  key: string;
  turns: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
}

/** Group samples by a key (tier and model, intent, ...), largest first. */
export function breakdown(samples: TurnSample[], keyOf: (s: TurnSample) => string): Breakdown[] {
  const by = new Map<string, Breakdown>();
  for (const s of samples) {
    const key = keyOf(s);
    const b = by.get(key) ?? { key, turns: 0, tokensIn: 0, tokensOut: 0, costUsd: 0 };
    b.turns++;
    b.tokensIn += s.tokens_in;
    b.tokensOut += s.tokens_out;
    b.costUsd += s.cost_usd;
    by.set(key, b);
  }
  return [...by.values()].sort((a, b) => b.turns - a.turns || a.key.localeCompare(b.key));
}

/** Count of errors per code. */
export function errorsByCode(samples: TurnSample[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of samples) if (s.status === 'error') out[s.error_code ?? 'unknown'] = (out[s.error_code ?? 'unknown'] ?? 0) + 1;
  return out;
}
