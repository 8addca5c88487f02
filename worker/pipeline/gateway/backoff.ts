/**
 * When to retry a failed attempt, and after how long. Pure: the caller supplies `random` and the
 * time left before its deadline.
 */
import type { ParleyError } from '../../errors';

export interface RetryPolicy {
  /** Retries per link after the first attempt. */
  maxRetries: number;
  baseMs: number;
  capMs: number;
  /** The longest `Retry-After` we wait; longer means skip to the next link. */
  retryAfterCapMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 2, baseMs: 250, capMs: 4_000, retryAfterCapMs: 5_000 };

/** Full-jitter exponential backoff: uniform in [0, min(cap, base·2^attempt)). */
export function fullJitter(attempt: number, policy: Pick<RetryPolicy, 'baseMs' | 'capMs'>, random: () => number): number {
  return Math.floor(random() * Math.min(policy.capMs, policy.baseMs * 2 ** attempt));
}

export type RetryDecision =
  | { retry: true; delayMs: number }
  | { retry: false; reason: 'not_retryable' | 'attempts' | 'retry_after_cap' | 'deadline' };

/**
 * Decide about attempt `attempt` (0-based) that failed with `err`. Only retryable errors are retried
 * (429, 5xx, network, first-token timeout); `Retry-After` beats backoff up to its cap.
 */
export function retryDecision(
  err: ParleyError,
  attempt: number,
  policy: RetryPolicy,
  remainingMs: number,
  random: () => number,
): RetryDecision {
  if (!err.retryable) return { retry: false, reason: 'not_retryable' };
  if (attempt >= policy.maxRetries) return { retry: false, reason: 'attempts' };
  let delayMs: number;
  if (err.retryAfter !== undefined) {
    delayMs = Math.ceil(err.retryAfter * 1000);
    if (delayMs > policy.retryAfterCapMs) return { retry: false, reason: 'retry_after_cap' };
  } else {
    delayMs = fullJitter(attempt, policy, random);
  }
  if (delayMs >= remainingMs) return { retry: false, reason: 'deadline' };
  return { retry: true, delayMs };
}
