/**
 * Offline messages in D1 (migration 0014): the one place a visitor's email is kept. Written by the
 * conversation object, listed by the admin API per site, deleted with the conversation's data.
 */

export interface OfflineMessage {
  id: string;
  siteKey: string;
  conversationId: string;
  at: number;
  email: string;
  /** The message, PII masked. */
  text: string;
}

interface Row {
  id: string;
  site: string;
  conversation_id: string;
  at: number;
  email: string;
  text: string;
}

const fromRow = (r: Row): OfflineMessage => ({
  id: r.id,
  siteKey: r.site,
  conversationId: r.conversation_id,
  at: r.at,
  email: r.email,
  text: r.text,
});

export function offlineMessages(db: D1Database) {
  return {
    async add(m: OfflineMessage): Promise<void> {
      await db
        .prepare('INSERT INTO offline_messages (id, site, conversation_id, at, email, text) VALUES (?, ?, ?, ?, ?, ?)')
        .bind(m.id, m.siteKey, m.conversationId, m.at, m.email, m.text)
        .run();
    },
    /** A site's messages, newest first. */
    async list(siteKey: string, limit = 200): Promise<OfflineMessage[]> {
      const { results } = await db
        .prepare('SELECT * FROM offline_messages WHERE site = ? ORDER BY at DESC, id LIMIT ?')
        .bind(siteKey, limit)
        .all<Row>();
      return results.map(fromRow);
    },
    /** One conversation's messages, oldest first (its data export). */
    async ofConversation(siteKey: string, conversationId: string): Promise<OfflineMessage[]> {
      const { results } = await db
        .prepare('SELECT * FROM offline_messages WHERE site = ? AND conversation_id = ? ORDER BY at, id')
        .bind(siteKey, conversationId)
        .all<Row>();
      return results.map(fromRow);
    },
    /** Delete one conversation's messages older than `cutoff` (all of them without one); returns how many. */
    async purge(siteKey: string, conversationId: string, cutoff = Number.MAX_SAFE_INTEGER): Promise<number> {
      const res = await db
        .prepare('DELETE FROM offline_messages WHERE site = ? AND conversation_id = ? AND at < ?')
        .bind(siteKey, conversationId, cutoff)
        .run();
      return res.meta.changes;
    },
  };
}
