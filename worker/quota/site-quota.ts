/**
 * Tokens per site per day (DESIGN decision 11: exact quotas live in a Durable Object). One object per
 * site keeps each UTC day's token count in its SQLite storage; turns of every conversation and of the
 * OpenAI-compatible route are admitted against it and add their usage when they end. Admission sees
 * the tokens of finished turns, so turns already running when the allowance runs out may overshoot it
 * by their own size; nothing is admitted after that.
 */
import { DurableObject } from 'cloudflare:workers';

/** Days kept (older rows are dropped as new days are written). */
const KEEP_DAYS = 35;

export interface QuotaState {
  day: string;
  used: number;
}

export class SiteQuota extends DurableObject {
  private readonly sql: SqlStorage;
  /** The day this instance last dropped old rows for: once a day is enough, not on every turn's add. */
  private prunedFor: string | null = null;

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env as never);
    this.sql = ctx.storage.sql;
    this.sql.exec('CREATE TABLE IF NOT EXISTS usage (day TEXT PRIMARY KEY, tokens INTEGER NOT NULL)');
  }

  /** Tokens counted for `day` (YYYY-MM-DD, UTC). */
  used(day: string): QuotaState {
    const row = this.sql.exec<{ tokens: number }>('SELECT tokens FROM usage WHERE day = ?', day).toArray()[0];
    return { day, used: row?.tokens ?? 0 };
  }

  /** Add a finished turn's tokens to `day`; returns the day's new total. */
  add(day: string, tokens: number): QuotaState {
    const n = Math.max(0, Math.round(tokens));
    const row = this.sql
      .exec<{ tokens: number }>(
        'INSERT INTO usage (day, tokens) VALUES (?, ?) ON CONFLICT(day) DO UPDATE SET tokens = tokens + excluded.tokens RETURNING tokens',
        day,
        n,
      )
      .one();
    if (this.prunedFor !== day) {
      this.sql.exec('DELETE FROM usage WHERE day < ?', dayOf(Date.parse(`${day}T00:00:00Z`) - KEEP_DAYS * 86_400_000));
      this.prunedFor = day;
    }
    return { day, used: row.tokens };
  }
}

/** The UTC day of a time, as the quota's key. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Seconds until the next UTC midnight (when a spent allowance comes back). */
export function secondsToNextDay(ms: number): number {
  return Math.max(1, Math.ceil((86_400_000 - (ms % 86_400_000)) / 1000));
}
