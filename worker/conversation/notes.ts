/**
 * Internal notes on a conversation: written by agents for agents, kept in the conversation object's own
 * table and never turned into a frame, so no visitor transport (socket, SSE, event stream) can carry one.
 */
import type { InboxNote } from '../../shared/inbox';
import { clock } from '../outcomes/clock';

const SCHEMA = `CREATE TABLE IF NOT EXISTS notes (id TEXT PRIMARY KEY, author TEXT NOT NULL, author_id TEXT NOT NULL,
  text TEXT NOT NULL, at INTEGER NOT NULL)`;

/** Most notes one conversation keeps. */
export const MAX_NOTES = 200;

export class Notes {
  /** Times come from the conversation's clock (`clock.now`), as every other record of the object. */
  constructor(private readonly sql: SqlStorage) {
    this.open();
  }

  /** Create the table (again, after the object's storage was deleted). */
  open(): void {
    this.sql.exec(SCHEMA);
  }

  /** Add a note by `author` (display name) with the token id `authorId`; null when the conversation has MAX_NOTES. */
  add(author: string, authorId: string, text: string): InboxNote | null {
    this.open();
    const count = Number(this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM notes').one().n);
    if (count >= MAX_NOTES) return null;
    const note = { id: `note-${crypto.randomUUID()}`, author, text, at: clock.now() };
    this.sql.exec('INSERT INTO notes (id, author, author_id, text, at) VALUES (?, ?, ?, ?, ?)', note.id, author, authorId, text, note.at);
    return note;
  }

  /** Every note, oldest first. */
  list(): InboxNote[] {
    this.open();
    return this.sql.exec<InboxNote>('SELECT id, author, text, at FROM notes ORDER BY at, id').toArray();
  }

  /** Delete notes older than `cutoff` (the transcript's retention applies to them too). */
  purgeBefore(cutoff: number): void {
    this.open();
    this.sql.exec('DELETE FROM notes WHERE at < ?', cutoff);
  }
}
