/** The outcome rows and unanswered counts read from D1, and the figures over them (figures.ts). */
import { type OutcomeFigures, type OutcomeRow, outcomeFigures } from './figures';

const COLUMNS = 'site, started_at, handoff_at, first_agent_reply_at, closed_at, close_reason, csat, rated_down';
const CAP = 100_000;

/** The outcome rows of conversations started in [from, to), optionally of one site. */
export async function loadOutcomes(db: D1Database, from: number, to: number, site?: string): Promise<OutcomeRow[]> {
  const stmt = site
    ? db
        .prepare(`SELECT ${COLUMNS} FROM conversation_outcomes WHERE started_at >= ? AND started_at < ? AND site = ? LIMIT ${CAP}`)
        .bind(from, to, site)
    : db.prepare(`SELECT ${COLUMNS} FROM conversation_outcomes WHERE started_at >= ? AND started_at < ? LIMIT ${CAP}`).bind(from, to);
  return (await stmt.all<OutcomeRow>()).results;
}

/** Unanswered questions in [from, to), by site. */
export async function unansweredCounts(db: D1Database, from: number, to: number): Promise<Map<string, number>> {
  const { results } = await db
    .prepare('SELECT site, COUNT(*) AS n FROM knowledge_unanswered WHERE at >= ? AND at < ? GROUP BY site')
    .bind(from, to)
    .all<{ site: string; n: number }>();
  return new Map(results.map((r) => [r.site, r.n]));
}

/** The figures of one site (or every site) over [from, to). */
export async function outcomeSummary(db: D1Database, from: number, to: number, site?: string): Promise<OutcomeFigures> {
  const [rows, unanswered] = await Promise.all([loadOutcomes(db, from, to, site), unansweredCounts(db, from, to)]);
  const count = site ? (unanswered.get(site) ?? 0) : [...unanswered.values()].reduce((a, b) => a + b, 0);
  return outcomeFigures(rows, count);
}

/** Per site, over every retained row: what `/metrics` reports. */
export async function outcomesBySite(db: D1Database): Promise<Map<string, OutcomeFigures>> {
  const [rows, unanswered] = await Promise.all([
    loadOutcomes(db, 0, Number.MAX_SAFE_INTEGER),
    unansweredCounts(db, 0, Number.MAX_SAFE_INTEGER),
  ]);
  const sites = new Set([...rows.map((r) => r.site), ...unanswered.keys()]);
  const out = new Map<string, OutcomeFigures>();
  for (const site of [...sites].sort())
    out.set(
      site,
      outcomeFigures(
        rows.filter((r) => r.site === site),
        unanswered.get(site) ?? 0,
      ),
    );
  return out;
}
