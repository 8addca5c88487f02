/**
 * Where breaker state comes from for `/metrics`, the dashboard and the status endpoint: this isolate's
 * breakers (the provider chain registers a snapshot function here), merged with the latest transition
 * any isolate reported to D1 (`breaker_reports`, migration 0006) — conversations run in Durable Objects
 * whose breakers the isolate answering an admin does not see.
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

/** A transition as the chain reports it (see BreakerStatus in pipeline/gateway/breaker.ts). */
export interface BreakerChange {
  provider: string;
  model: string;
  state: BreakerState;
  retryAt: number | null;
  opened: number;
}

/** Record transitions (latest wins per provider and model). */
export async function reportBreakers(db: D1Database, changes: BreakerChange[], at: number): Promise<void> {
  if (changes.length === 0) return;
  await db.batch(
    changes.map((c) =>
      db
        .prepare(
          `INSERT INTO breaker_reports (provider, model, state, at, retry_at, opened) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (provider, model) DO UPDATE SET state = excluded.state, at = excluded.at, retry_at = excluded.retry_at,
             opened = excluded.opened`,
        )
        .bind(c.provider, c.model, c.state, at, c.retryAt, c.opened),
    ),
  );
}

export interface ReportedBreaker extends BreakerSnapshot {
  /** When an isolate last reported a transition. */
  at: number;
}

/** The reported breakers; an open one whose wait is over reads as half-open, as a live breaker would. */
export async function reportedBreakers(db: D1Database, now: number): Promise<ReportedBreaker[]> {
  const { results } = await db
    .prepare('SELECT provider, model, state, at, retry_at FROM breaker_reports ORDER BY provider, model')
    .all<{ provider: string; model: string; state: BreakerState; at: number; retry_at: number | null }>();
  return results.map((r) => ({
    provider: r.provider,
    model: r.model,
    state: r.state === 'open' && r.retry_at !== null && r.retry_at <= now ? 'half_open' : r.state,
    at: r.at,
  }));
}

/** This isolate's breakers merged with the reported ones: per provider and model, the worse state. */
export function mergeBreakers(live: BreakerSnapshot[], reported: BreakerSnapshot[]): BreakerSnapshot[] {
  const out = new Map<string, BreakerSnapshot>();
  for (const b of [...live, ...reported]) {
    const k = `${b.provider}|${b.model}`;
    const had = out.get(k);
    if (!had || BREAKER_VALUE[b.state] > BREAKER_VALUE[had.state]) out.set(k, { provider: b.provider, model: b.model, state: b.state });
  }
  return [...out.values()];
}
