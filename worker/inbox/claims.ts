/** Who claimed which conversation, kept by the inbox object from the state events it relays (for the waiting list). */
import type { InboxEvent } from '../../shared/inbox';

const SCHEMA = 'CREATE TABLE IF NOT EXISTS claims (conv TEXT PRIMARY KEY, agent TEXT NOT NULL, at INTEGER NOT NULL)';

export class Claims {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(SCHEMA);
  }

  /** Follow a state event: a claim records the agent, anything else that ends it forgets them. */
  apply(event: InboxEvent): void {
    if (event.type !== 'state') return;
    const key = `${event.siteKey}:${event.conversationId}`;
    if (event.state === 'claimed')
      this.sql.exec('INSERT OR REPLACE INTO claims (conv, agent, at) VALUES (?, ?, ?)', key, event.by ?? '', event.at);
    else this.sql.exec('DELETE FROM claims WHERE conv = ?', key);
  }

  all(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const r of this.sql.exec<{ conv: string; agent: string }>('SELECT conv, agent FROM claims').toArray()) out[r.conv] = r.agent;
    return out;
  }
}
