/**
 * Strict mode's decision. Each passage's relevance (see `relevance.ts`) is a calibrated number in [0, 1], so one
 * floor serves every question: the best passage clears it, or the question is one the knowledge cannot answer.
 */
import type { RetrievalResult } from '../../shared/knowledge';

export { coverage, idf } from './relevance';

/** Strict mode: may the turn answer from this result, or is the question unsupported by the site's knowledge? */
export function answerable(result: Pick<RetrievalResult, 'best'>, floor: number): boolean {
  return result.best >= floor;
}

/**
 * The floor strict mode uses. The shipped model's bias is set so that this floor lets 91 % of the benchmark's
 * answerable tuning questions through (StackFAQ; see `RELEVANCE_MODEL`): a passage at 0.5 is as likely, by the
 * model, to support the question as not.
 */
export const DEFAULT_FLOOR = 0.5;
