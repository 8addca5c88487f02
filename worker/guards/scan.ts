/**
 * Fail closed: every scan runs through `safeScan`, which turns a thrown error or a scan over its time budget into a
 * typed `ScanFailure`. Callers block the turn on it; text is never passed on unscanned.
 */
import { ParleyError } from '../errors';

/** A detector threw or overran its budget: the turn is blocked with this typed error. */
export class ScanFailure extends ParleyError {
  readonly stage: string;
  constructor(stage: string, cause: unknown) {
    super('blocked_by_policy', 'We could not check this message safely, so it was not sent. Please try again.', {
      retryable: true,
      cause,
    });
    this.name = 'ScanFailure';
    this.stage = stage;
  }
}

/** Run a synchronous scan; throws `ScanFailure` if it throws or takes longer than `budgetMs` on `now()`. */
export function safeScan<T>(stage: string, budgetMs: number, now: () => number, scan: () => T): T {
  const t0 = now();
  let result: T;
  try {
    result = scan();
  } catch (err) {
    throw new ScanFailure(stage, err);
  }
  if (now() - t0 > budgetMs) throw new ScanFailure(stage, new Error(`${stage} scan over ${budgetMs} ms`));
  return result;
}
