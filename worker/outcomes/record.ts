/**
 * The D1 side of a conversation's outcome (migration 0014): one row per conversation, written by its
 * object as things happen (started, handed off, first human reply, closed, rated). Each write is one
 * idempotent statement, so a repeat (a retried call, a second handoff) leaves the first time in place.
 */

export interface OutcomeKey {
  site: string;
  conversationId: string;
}

/** The writes a conversation object makes; `at` comes from the shared clock. */
export function outcomeRecorder(db: D1Database) {
  const run = (sql: string, ...args: (string | number | null)[]) =>
    db
      .prepare(sql)
      .bind(...args)
      .run()
      .then(() => undefined);
  return {
    /** The conversation's first accepted visitor message. */
    started: (k: OutcomeKey, at: number) =>
      run('INSERT OR IGNORE INTO conversation_outcomes (site, conversation_id, started_at) VALUES (?, ?, ?)', k.site, k.conversationId, at),
    /** Handed to a person (the first time counts). */
    handoff: (k: OutcomeKey, at: number) =>
      run(
        `INSERT INTO conversation_outcomes (site, conversation_id, started_at, handoff_at) VALUES (?1, ?2, ?3, ?3)
         ON CONFLICT (site, conversation_id) DO UPDATE SET handoff_at = COALESCE(handoff_at, excluded.handoff_at)`,
        k.site,
        k.conversationId,
        at,
      ),
    /** A person replied (the first reply after the handoff counts). */
    agentReply: (k: OutcomeKey, at: number) =>
      run(
        `UPDATE conversation_outcomes SET first_agent_reply_at = ?3
         WHERE site = ?1 AND conversation_id = ?2 AND first_agent_reply_at IS NULL AND handoff_at IS NOT NULL`,
        k.site,
        k.conversationId,
        at,
      ),
    /** Closed by an agent or for idleness (a conversation reopened and closed again keeps its last close). */
    closed: (k: OutcomeKey, at: number, reason: 'agent' | 'idle') =>
      run(
        'UPDATE conversation_outcomes SET closed_at = ?3, close_reason = ?4 WHERE site = ?1 AND conversation_id = ?2',
        k.site,
        k.conversationId,
        at,
        reason,
      ),
    /** The visitor's satisfaction, once (the masked comment, if any). */
    csat: (k: OutcomeKey, score: number, comment: string | null) =>
      run(
        'UPDATE conversation_outcomes SET csat = ?3, csat_comment = ?4 WHERE site = ?1 AND conversation_id = ?2 AND csat IS NULL',
        k.site,
        k.conversationId,
        score,
        comment,
      ),
    /** Whether any reply of the conversation is (now) rated down. */
    ratedDown: (k: OutcomeKey, down: boolean) =>
      run(
        'UPDATE conversation_outcomes SET rated_down = ?3 WHERE site = ?1 AND conversation_id = ?2',
        k.site,
        k.conversationId,
        down ? 1 : 0,
      ),
    /**
     * The conversation was erased: keep its figures, drop what could link them to it (the id becomes a
     * random one, the comment goes).
     */
    anonymise: (k: OutcomeKey) =>
      run(
        `UPDATE conversation_outcomes SET conversation_id = 'erased-' || lower(hex(randomblob(12))), csat_comment = NULL
         WHERE site = ? AND conversation_id = ?`,
        k.site,
        k.conversationId,
      ),
  };
}

export type OutcomeRecorder = ReturnType<typeof outcomeRecorder>;

/** The site a conversation was recorded under, or null when none (a helpdesk key's scope check). */
export async function siteOfConversation(db: D1Database, conversationId: string): Promise<string | null> {
  const row = await db
    .prepare('SELECT site FROM conversation_outcomes WHERE conversation_id = ? LIMIT 1')
    .bind(conversationId)
    .first<{ site: string }>();
  return row?.site ?? null;
}
