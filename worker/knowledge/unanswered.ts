/**
 * The privacy side of unanswered questions (`knowledge_unanswered`, masked): they are the visitor's own words, so
 * they are kept no longer than the transcript (the cron's retention) and belong to the visitor's export and
 * deletion. A row names its turn's request id; the audit row of that turn holds the visitor's salted hash until
 * retention anonymises it, at the same cutoff that removes the question.
 */
import type { KnowledgeDb } from './db';

export interface VisitorUnanswered {
  at: number;
  requestId: string;
  question: string;
}

/** Delete the site's unanswered questions asked before `cutoff`; how many went. */
export async function purgeUnanswered(db: D1Database, siteKey: string, cutoff: number): Promise<number> {
  const res = await db.prepare('DELETE FROM knowledge_unanswered WHERE site = ?1 AND at < ?2').bind(siteKey, cutoff).run();
  return res.meta.changes;
}

/** The unanswered questions one visitor (by salted hash) asked on a site, oldest first. */
export async function visitorUnanswered(db: KnowledgeDb, siteKey: string, visitorHash: string): Promise<VisitorUnanswered[]> {
  const rows = await db
    .prepare(
      `SELECT u.at, u.request_id, u.question FROM knowledge_unanswered u
       JOIN audit_turns a ON a.request_id = u.request_id AND a.site = u.site
       WHERE u.site = ?1 AND a.visitor_hash = ?2 ORDER BY u.at, u.id`,
    )
    .bind(siteKey, visitorHash)
    .all<{ at: number; request_id: string; question: string }>();
  return rows.results.map((r) => ({ at: r.at, requestId: r.request_id, question: r.question }));
}

/** Delete one visitor's unanswered questions on a site (before their audit rows, which are how they are found). */
export async function deleteVisitorUnanswered(db: D1Database, siteKey: string, visitorHash: string): Promise<number> {
  const res = await db
    .prepare(
      `DELETE FROM knowledge_unanswered WHERE site = ?1
       AND request_id IN (SELECT request_id FROM audit_turns WHERE site = ?1 AND visitor_hash = ?2)`,
    )
    .bind(siteKey, visitorHash)
    .run();
  return res.meta.changes;
}
