/**
 * A conversation's SQLite storage: every numbered server frame (the resume buffer), the transcript,
 * which client message ids were accepted (idempotency), small state and the per-visitor send log.
 * All calls are synchronous (`ctx.storage.sql`), so a check and the write that follows it are atomic.
 */
import type { Finish, HistoryItem, ServerFrame } from '../../shared/protocol';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS frames (seq INTEGER PRIMARY KEY, message_id TEXT, json TEXT NOT NULL, at INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS frames_by_message ON frames (message_id, seq);
CREATE TABLE IF NOT EXISTS messages (pos INTEGER PRIMARY KEY AUTOINCREMENT, role TEXT NOT NULL, id TEXT NOT NULL,
  text TEXT NOT NULL, finish TEXT, at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS turns (message_id TEXT PRIMARY KEY, first_seq INTEGER NOT NULL, status TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS state (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sends (visitor TEXT NOT NULL, at INTEGER NOT NULL);
`;

/** Deltas buffered before a write; must stay far below SEQ_SKIP_AFTER_EVICTION. */
const FLUSH_EVERY = 32;
const SEQ_SKIP_AFTER_EVICTION = 1000;

/** Tables of the schema that are not SQLite's or the platform's own. */
const OWN_TABLES =
  "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY name";

export type TurnStatus = 'running' | 'done' | 'handoff';

export type TurnRow = {
  message_id: string;
  first_seq: number;
  status: TurnStatus;
};

/** Typed access to one conversation's tables. */
export class ConversationStore {
  lastSeq = 0;
  private pending: { seq: number; messageId: string | null; json: string; at: number }[] = [];
  /**
   * The `state` rows read or written through this store (write-through; `null` is a known absent key), and the
   * transcript's length once counted: every turn reads owner, site, handoff, vault and alarm state, and this object
   * is the only writer of its storage, so each is read from SQLite once per instance (and again after `open`).
   */
  private readonly state = new Map<string, string | null>();
  private messages: number | undefined;

  constructor(
    private readonly sql: SqlStorage,
    private readonly now: () => number = Date.now,
  ) {
    this.open();
  }

  /** Create the schema (again, after `ctx.storage.deleteAll()` dropped it) and read the last seq. */
  open(): void {
    this.sql.exec(SCHEMA);
    const frames = this.sql.exec<{ sql: string }>("SELECT sql FROM sqlite_master WHERE name = 'frames'").one().sql;
    if (!/\bat INTEGER/.test(frames)) {
      // Frames stored before they carried a time count from now: retention removes them one window later.
      this.sql.exec('ALTER TABLE frames ADD COLUMN at INTEGER NOT NULL DEFAULT 0');
      this.sql.exec('UPDATE frames SET at = ?', this.now());
    }
    this.pending = [];
    this.state.clear();
    this.messages = undefined;
    this.lastSeq = Number(this.sql.exec<{ s: number | null }>('SELECT MAX(seq) AS s FROM frames').one().s ?? 0);
  }

  /**
   * Number a frame and buffer it; `flush()` writes buffered frames. Deltas are written in batches (every
   * FLUSH_EVERY, and with the turn's next non-delta frame): one SQLite commit per delta would cap a local
   * object at ~15 turns/s (measured), and a delta only in memory is lost only with the instance, which
   * also ends the turn (see `recoverAfterEviction`).
   */
  append<F extends ServerFrame>(frame: Omit<F, 'seq'> & { messageId?: string }): { frame: F & { seq: number }; json: string } {
    const seq = ++this.lastSeq;
    const numbered = { ...frame, seq } as unknown as F & { seq: number };
    const json = JSON.stringify(numbered);
    // An agent's reply is keyed by its own id (its transcript entry), so purging that entry takes its frame too.
    const messageId = frame.messageId ?? (frame.type === 'agent' && 'id' in frame ? String(frame.id) : null);
    this.pending.push({ seq, messageId, json, at: this.now() });
    if (frame.type !== 'delta' || this.pending.length >= FLUSH_EVERY) this.flush();
    return { frame: numbered, json };
  }

  /** Write buffered frames (one implicit transaction). */
  flush(): void {
    for (const p of this.pending)
      this.sql.exec('INSERT INTO frames (seq, message_id, json, at) VALUES (?, ?, ?, ?)', p.seq, p.messageId, p.json, p.at);
    this.pending = [];
  }

  /**
   * After an eviction mid-turn, some numbered frames may have reached clients without being written:
   * skip past any seq they could have seen so new frames are never mistaken for duplicates.
   */
  recoverAfterEviction(): void {
    this.lastSeq += SEQ_SKIP_AFTER_EVICTION;
  }

  /** Frames after `afterSeq` (optionally of one message, optionally up to `upTo`), in order, as JSON text. */
  framesAfter(afterSeq: number, messageId?: string, upTo = Number.MAX_SAFE_INTEGER): string[] {
    const rows = messageId
      ? this.sql.exec<{ json: string }>(
          'SELECT json FROM frames WHERE message_id = ? AND seq > ? AND seq <= ? ORDER BY seq',
          messageId,
          afterSeq,
          upTo,
        )
      : this.sql.exec<{ json: string }>('SELECT json FROM frames WHERE seq > ? AND seq <= ? ORDER BY seq', afterSeq, upTo);
    const buffered = this.pending.filter((p) => p.seq > afterSeq && p.seq <= upTo && (!messageId || p.messageId === messageId));
    return [...rows.toArray().map((r) => r.json), ...buffered.map((p) => p.json)];
  }

  turn(messageId: string): TurnRow | null {
    return this.sql.exec<TurnRow>('SELECT message_id, first_seq, status FROM turns WHERE message_id = ?', messageId).toArray()[0] ?? null;
  }

  startTurn(messageId: string, status: TurnStatus): void {
    this.sql.exec('INSERT INTO turns (message_id, first_seq, status) VALUES (?, ?, ?)', messageId, this.lastSeq + 1, status);
  }

  setTurnStatus(messageId: string, status: TurnStatus): void {
    this.sql.exec('UPDATE turns SET status = ? WHERE message_id = ?', status, messageId);
  }

  /** Turns left `running` by an object that was evicted mid-turn. */
  runningTurns(): TurnRow[] {
    return this.sql.exec<TurnRow>("SELECT message_id, first_seq, status FROM turns WHERE status = 'running'").toArray();
  }

  addMessage(item: HistoryItem): void {
    this.sql.exec(
      'INSERT INTO messages (role, id, text, finish, at) VALUES (?, ?, ?, ?, ?)',
      item.role,
      item.id,
      item.text,
      item.finish ?? null,
      item.at,
    );
    if (this.messages !== undefined) this.messages++;
  }

  /** The most recent `limit` transcript entries, oldest first. */
  history(limit: number): HistoryItem[] {
    const rows = this.sql
      .exec<{ role: HistoryItem['role']; id: string; text: string; finish: Finish | null; at: number }>(
        'SELECT role, id, text, finish, at FROM messages ORDER BY pos DESC LIMIT ?',
        limit,
      )
      .toArray()
      .reverse();
    return rows.map((r) =>
      r.finish ? { role: r.role, id: r.id, text: r.text, finish: r.finish, at: r.at } : { role: r.role, id: r.id, text: r.text, at: r.at },
    );
  }

  /**
   * Delete what is older than `cutoff`: transcript messages with their frames and finished turns, any other
   * frame (handoff state, errors) and send records. Returns how many messages went.
   */
  purgeBefore(cutoff: number): number {
    this.flush();
    const ids = this.sql.exec<{ id: string }>('SELECT id FROM messages WHERE at < ?', cutoff).toArray();
    for (const { id } of ids) {
      this.sql.exec('DELETE FROM frames WHERE message_id = ?', id);
      this.sql.exec("DELETE FROM turns WHERE message_id = ? AND status != 'running'", id);
    }
    this.sql.exec(
      "DELETE FROM frames WHERE at < ? AND (message_id IS NULL OR message_id NOT IN (SELECT message_id FROM turns WHERE status = 'running'))",
      cutoff,
    );
    this.sql.exec('DELETE FROM messages WHERE at < ?', cutoff);
    this.messages = undefined;
    this.sql.exec('DELETE FROM sends WHERE at < ?', cutoff);
    return ids.length;
  }

  /** When the oldest message or frame was stored; null when there is none. */
  oldest(): number | null {
    const row = this.sql
      .exec<{ at: number | null }>('SELECT MIN(at) AS at FROM (SELECT MIN(at) AS at FROM messages UNION ALL SELECT MIN(at) FROM frames)')
      .one();
    return row.at ?? null;
  }

  /** The text of every transcript message (to see which vault placeholders are still referred to). */
  texts(): string[] {
    return this.sql
      .exec<{ text: string }>('SELECT text FROM messages')
      .toArray()
      .map((r) => r.text);
  }

  /** The names of this store's tables, read from the schema itself so that a new table is never left out. */
  tables(): string[] {
    return this.sql
      .exec<{ name: string }>(OWN_TABLES)
      .toArray()
      .map((r) => r.name);
  }

  /** Every row of every table, by table (a visitor's data export). */
  dump(): Record<string, Record<string, SqlStorageValue>[]> {
    this.flush();
    const out: Record<string, Record<string, SqlStorageValue>[]> = {};
    for (const table of this.tables()) out[table] = this.sql.exec<Record<string, SqlStorageValue>>(`SELECT * FROM "${table}"`).toArray();
    return out;
  }

  messageCount(): number {
    this.messages ??= Number(this.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM messages').one().n);
    return this.messages;
  }

  get(key: string): string | null {
    const known = this.state.get(key);
    if (known !== undefined) return known;
    const value = this.sql.exec<{ v: string }>('SELECT v FROM state WHERE k = ?', key).toArray()[0]?.v ?? null;
    this.state.set(key, value);
    return value;
  }

  set(key: string, value: string): void {
    if (this.state.get(key) === value) return;
    this.sql.exec('INSERT OR REPLACE INTO state (k, v) VALUES (?, ?)', key, value);
    this.state.set(key, value);
  }

  delete(key: string): void {
    this.sql.exec('DELETE FROM state WHERE k = ?', key);
    this.state.set(key, null);
  }

  /** Record a send if the visitor is under `perMinute`; else the seconds until the oldest send ages out. */
  takeSend(visitor: string, now: number, perMinute: number): { ok: true } | { ok: false; retryAfter: number } {
    this.sql.exec('DELETE FROM sends WHERE at <= ?', now - 60_000);
    const rows = this.sql.exec<{ at: number }>('SELECT at FROM sends WHERE visitor = ? ORDER BY at', visitor).toArray();
    if (rows.length >= perMinute) {
      const oldest = rows[0]?.at ?? now;
      return { ok: false, retryAfter: Math.max(1, Math.ceil((oldest + 60_000 - now) / 1000)) };
    }
    this.sql.exec('INSERT INTO sends (visitor, at) VALUES (?, ?)', visitor, now);
    return { ok: true };
  }
}
