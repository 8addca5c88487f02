/**
 * The relevance score behind strict mode. BM25 values are not comparable across queries (they grow with the
 * query's length and its terms' rarity), so the floor reads a different number: the share of the query's idf
 * mass that a passage holds. A term no document contains has the largest idf, so a question about something the
 * site never wrote about scores low even when its common words match.
 */
import type { RetrievalResult } from '../../shared/knowledge';

/** BM25's idf, floored at zero: ln(1 + (N − df + 0.5) / (df + 0.5)). */
export function idf(totalPassages: number, docFrequency: number): number {
  const n = Math.max(totalPassages, docFrequency);
  return Math.log(1 + (n - docFrequency + 0.5) / (docFrequency + 0.5));
}

/**
 * The idf-weighted share of `queryTerms` found in `passageTerms`, in [0, 1].
 * @example coverage(['refund', 'window'], new Set(['refund']), new Map([['refund', 1], ['window', 3]])) // 0.25
 */
export function coverage(queryTerms: string[], passageTerms: ReadonlySet<string>, weights: ReadonlyMap<string, number>): number {
  let total = 0;
  let held = 0;
  for (const term of queryTerms) {
    const w = weights.get(term) ?? 0;
    total += w;
    if (passageTerms.has(term)) held += w;
  }
  return total > 0 ? held / total : 0;
}

/** Strict mode: may the turn answer from this result, or is the question unsupported by the site's knowledge? */
export function answerable(result: Pick<RetrievalResult, 'best'>, floor: number): boolean {
  return result.best >= floor;
}

/**
 * The floor strict mode uses unless the site sets its own: on the benchmark's tuning half (StackFAQ) the
 * highest floor that still lets 95% of answerable questions through.
 */
export const DEFAULT_FLOOR = 0.28;
