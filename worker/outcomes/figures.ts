/**
 * The outcome figures a support team reads, from the conversation outcome rows (migration 0014) and the
 * unanswered questions: CSAT, the assistant's resolution rate, the handoff rate, agents' first-response
 * time and time to close. Pure over the rows (D1 reads are in queries.ts), so the dashboard, the admin API and
 * `/metrics` report the same numbers.
 *
 * - resolution rate: of the closed conversations, those never handed to a person and with no negative
 *   rating (no reply rated down, no CSAT of 1 or 2);
 * - handoff rate: of the conversations started, those handed to a person;
 * - first response: handoff → the first human reply; time to close: handoff → close (handed-off ones);
 * - percentiles are nearest-rank over the conversations in the window.
 */

export interface OutcomeRow {
  site: string;
  started_at: number;
  handoff_at: number | null;
  first_agent_reply_at: number | null;
  closed_at: number | null;
  close_reason: string | null;
  csat: number | null;
  rated_down: number;
}

export interface Spread {
  count: number;
  sum: number;
  p50: number | null;
  p90: number | null;
}

export interface OutcomeFigures {
  conversations: number;
  handedOff: number;
  handoffRate: number | null;
  closed: number;
  closedByReason: Record<string, number>;
  resolved: number;
  resolutionRate: number | null;
  csat: { responses: number; byScore: Record<string, number>; mean: number | null; satisfiedRate: number | null };
  firstResponseMs: Spread;
  timeToCloseMs: Spread;
  unanswered: number;
}

const ratio = (n: number, of: number): number | null => (of === 0 ? null : n / of);

/** The nearest-rank percentile `p` (0–1) of `values`; null when empty. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? null;
}

function spread(values: number[]): Spread {
  return { count: values.length, sum: values.reduce((a, b) => a + b, 0), p50: percentile(values, 0.5), p90: percentile(values, 0.9) };
}

/** Whether a conversation counts as resolved by the assistant. */
export const isResolved = (r: OutcomeRow): boolean =>
  r.closed_at !== null && r.handoff_at === null && r.rated_down === 0 && (r.csat === null || r.csat >= 3);

/** The figures of a set of outcome rows (one site's, or all) and its count of unanswered questions. */
export function outcomeFigures(rows: OutcomeRow[], unanswered: number): OutcomeFigures {
  const closed = rows.filter((r) => r.closed_at !== null);
  const handed = rows.filter((r) => r.handoff_at !== null);
  const rated = rows.filter((r) => r.csat !== null).map((r) => r.csat as number);
  const resolved = closed.filter(isResolved).length;
  const closedByReason: Record<string, number> = {};
  for (const r of closed) closedByReason[r.close_reason ?? 'unknown'] = (closedByReason[r.close_reason ?? 'unknown'] ?? 0) + 1;
  const byScore: Record<string, number> = {};
  for (const s of rated) byScore[String(s)] = (byScore[String(s)] ?? 0) + 1;
  const firstResponse = handed.flatMap((r) =>
    r.first_agent_reply_at !== null && r.handoff_at !== null ? [r.first_agent_reply_at - r.handoff_at] : [],
  );
  const toClose = handed.flatMap((r) => (r.closed_at !== null && r.handoff_at !== null ? [r.closed_at - r.handoff_at] : []));
  return {
    conversations: rows.length,
    handedOff: handed.length,
    handoffRate: ratio(handed.length, rows.length),
    closed: closed.length,
    closedByReason,
    resolved,
    resolutionRate: ratio(resolved, closed.length),
    csat: {
      responses: rated.length,
      byScore,
      mean: rated.length === 0 ? null : rated.reduce((a, b) => a + b, 0) / rated.length,
      satisfiedRate: ratio(rated.filter((s) => s >= 4).length, rated.length),
    },
    firstResponseMs: spread(firstResponse),
    timeToCloseMs: spread(toClose),
    unanswered,
  };
}
