/**
 * Privacy operations: retention (run by the cron, beside each conversation object's own retention alarm)
 * and a visitor's export and deletion by id. Audit rows and the conversation index hold a salted visitor
 * hash, so a visitor is found by hashing the id they give, never by storing it.
 */

import { DEV_AUDIT_SALT, visitorHash } from '../audit/hash';
import { type AuditRow, queryTurns } from '../audit/store';
import type { AdminPrincipal } from '../auth/types';
import { deleteVisitorUnanswered, purgeUnanswered, type VisitorUnanswered, visitorUnanswered } from '../knowledge/unanswered';
import { appendAudit } from '../storage/audit';
import { knownSites, loadOpsSettings } from './settings';
import type { ConversationExport, TranscriptMessage, TranscriptStore } from './transcripts';

export interface RetentionOutcome {
  site: string;
  transcriptCutoff: number;
  transcriptsDeleted: number;
  rowsAnonymised: number;
  rowsDeleted: number;
  unansweredDeleted: number;
}

/** Apply every known site's (or only the given sites') retention windows at `now`. */
export async function runRetention(
  db: D1Database,
  transcripts: TranscriptStore,
  now: number,
  only?: string[],
): Promise<RetentionOutcome[]> {
  const out: RetentionOutcome[] = [];
  for (const site of only ?? (await knownSites(db, 0))) {
    const s = await loadOpsSettings(db, site);
    const transcriptCutoff = now - s.transcriptRetentionHours * 3_600_000;
    const auditCutoff = now - s.auditRetentionDays * 86_400_000;
    const transcriptsDeleted = await transcripts.purgeOlderThan(site, transcriptCutoff);
    const anon = await db
      .prepare(
        `UPDATE audit_turns SET visitor_hash = NULL, conversation_id = NULL, message_id = NULL, anonymised = 1
         WHERE site = ? AND at < ? AND anonymised = 0`,
      )
      .bind(site, transcriptCutoff)
      .run();
    const del = await db.prepare('DELETE FROM audit_turns WHERE site = ? AND at < ?').bind(site, auditCutoff).run();
    const unansweredDeleted = await purgeUnanswered(db, site, transcriptCutoff);
    out.push({
      site,
      transcriptCutoff,
      transcriptsDeleted,
      rowsAnonymised: anon.meta.changes,
      rowsDeleted: del.meta.changes,
      unansweredDeleted,
    });
  }
  return out;
}

export interface VisitorPorts {
  db: D1Database;
  transcripts: TranscriptStore;
  salt: string | undefined;
  now: () => number;
  actor: AdminPrincipal;
}

export interface VisitorExport {
  site: string;
  visitorHash: string;
  exportedAt: number;
  turns: AuditRow[];
  transcript: TranscriptMessage[];
  /** Every table of each of the visitor's conversation objects. */
  conversations: ConversationExport[];
  /** The masked questions the site's knowledge could not answer. */
  unanswered: VisitorUnanswered[];
}

/** Everything kept about a visitor of a site; the export itself is recorded in the admin audit log. */
export async function exportVisitor(p: VisitorPorts, site: string, visitorId: string): Promise<VisitorExport> {
  const hash = await visitorHash(p.salt || DEV_AUDIT_SALT, site, visitorId);
  const turns = await queryTurns(p.db, { site, visitorHash: hash, limit: 10_000 });
  const { transcript, conversations } = await p.transcripts.exportVisitor(site, visitorId);
  const unanswered = await visitorUnanswered(p.db, site, hash);
  await appendAudit(p.db, p.actor, 'visitor.export', p.now(), {
    siteKey: site,
    target: hash,
    detail: { turns: turns.length, messages: transcript.length, conversations: conversations.length },
  });
  return { site, visitorHash: hash, exportedAt: p.now(), turns, transcript, conversations, unanswered };
}

/** Delete a visitor's audit rows, conversation objects and index rows; recorded in the admin audit log. */
export async function deleteVisitor(
  p: VisitorPorts,
  site: string,
  visitorId: string,
): Promise<{ turnsDeleted: number; messagesDeleted: number }> {
  const hash = await visitorHash(p.salt || DEV_AUDIT_SALT, site, visitorId);
  // Conversations first: the audit rows are one of the ways the visitor's conversations are found.
  const messagesDeleted = await p.transcripts.deleteVisitor(site, visitorId);
  await deleteVisitorUnanswered(p.db, site, hash);
  const res = await p.db.prepare('DELETE FROM audit_turns WHERE site = ? AND visitor_hash = ?').bind(site, hash).run();
  const turnsDeleted = res.meta.changes;
  await appendAudit(p.db, p.actor, 'visitor.delete', p.now(), { siteKey: site, target: hash, detail: { turnsDeleted, messagesDeleted } });
  return { turnsDeleted, messagesDeleted };
}
