/** Questions the site's knowledge had no answer for (masked), kept for the console so the team can write the missing article. */

/** At most this many characters of a question are kept. */
const MAX_QUESTION = 500;

/** Store one unanswered (masked) question. */
export async function recordUnanswered(db: D1Database, site: string, at: number, requestId: string, question: string): Promise<void> {
  await db
    .prepare('INSERT INTO knowledge_unanswered (site, at, request_id, question) VALUES (?1, ?2, ?3, ?4)')
    .bind(site, at, requestId, question.slice(0, MAX_QUESTION))
    .run();
}

export interface UnansweredQuestion {
  at: number;
  requestId: string;
  question: string;
}

/** The site's unanswered questions, newest first. */
export async function listUnanswered(db: D1Database, site: string, limit = 100): Promise<UnansweredQuestion[]> {
  const rows = await db
    .prepare('SELECT at, request_id, question FROM knowledge_unanswered WHERE site = ?1 ORDER BY at DESC, id DESC LIMIT ?2')
    .bind(site, limit)
    .all<{ at: number; request_id: string; question: string }>();
  return rows.results.map((r) => ({ at: r.at, requestId: r.request_id, question: r.question }));
}
