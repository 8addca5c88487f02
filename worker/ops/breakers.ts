/**
 * Where breaker state comes from for `/metrics` and the dashboard. The circuit breakers live with the
 * provider chain (another module); it registers a snapshot function here. Until one is registered the
 * figures simply have no breaker series.
 */
export type BreakerState = 'closed' | 'half_open' | 'open';

export interface BreakerSnapshot {
  provider: string;
  model: string;
  state: BreakerState;
}

let source: (() => BreakerSnapshot[]) | null = null;

/** Called once by the provider chain so metrics can read its breakers. */
export function registerBreakerSource(fn: () => BreakerSnapshot[]): void {
  source = fn;
}

/** The current breakers of this isolate, or none. */
export function breakerSnapshots(): BreakerSnapshot[] {
  return source ? source() : [];
}

/** Numeric encoding for Prometheus: 0 closed, 1 half-open, 2 open. */
export const BREAKER_VALUE: Record<BreakerState, number> = { closed: 0, half_open: 1, open: 2 };
