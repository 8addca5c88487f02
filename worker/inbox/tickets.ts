/**
 * One-use tickets for the inbox socket: a console holding an admin token asks for a ticket over HTTP
 * (bearer header) and opens the socket with it, so no long-lived secret is ever put in a URL. Tickets are
 * stored hashed in the inbox object's SQLite, live INBOX_TICKET_MS and are deleted when used.
 */
import { INBOX_TICKET_MS } from '../../shared/inbox';
import { hex, sha256Hex } from '../digest';
import type { InboxPrincipal } from './types';

const SCHEMA = 'CREATE TABLE IF NOT EXISTS tickets (hash TEXT PRIMARY KEY, principal TEXT NOT NULL, expires INTEGER NOT NULL)';

export class Tickets {
  constructor(
    private readonly sql: SqlStorage,
    private readonly now: () => number = Date.now,
  ) {
    sql.exec(SCHEMA);
  }

  /** A fresh ticket for `who` (expired ones are swept first). */
  async issue(who: InboxPrincipal): Promise<{ ticket: string; expiresAt: number }> {
    const now = this.now();
    this.sql.exec('DELETE FROM tickets WHERE expires <= ?', now);
    const bytes = crypto.getRandomValues(new Uint8Array(24));
    const ticket = `tkt_${hex(bytes)}`;
    const expiresAt = now + INBOX_TICKET_MS;
    this.sql.exec(
      'INSERT INTO tickets (hash, principal, expires) VALUES (?, ?, ?)',
      await sha256Hex(ticket),
      JSON.stringify(who),
      expiresAt,
    );
    return { ticket, expiresAt };
  }

  /** The principal a ticket was issued to, once: the ticket is gone afterwards. Null when unknown or expired. */
  async redeem(ticket: string): Promise<InboxPrincipal | null> {
    if (!/^tkt_[0-9a-f]{48}$/.test(ticket)) return null;
    const hash = await sha256Hex(ticket);
    const row = this.sql
      .exec<{ principal: string; expires: number }>('SELECT principal, expires FROM tickets WHERE hash = ?', hash)
      .toArray()[0];
    this.sql.exec('DELETE FROM tickets WHERE hash = ?', hash);
    if (!row || row.expires <= this.now()) return null;
    return JSON.parse(row.principal) as InboxPrincipal;
  }
}
