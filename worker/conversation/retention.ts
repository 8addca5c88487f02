/**
 * A conversation's privacy duties, kept in the object itself: its retention alarm (the site's transcript
 * window, 72 h by default) purges what is older than the window and deletes the object's storage once
 * nothing is left; an erasure deletes everything at once; an export returns every table. The D1
 * conversation index (site, salted visitor hash, conversation, last activity) is how the Worker finds a
 * visitor's conversations without relying on audit rows.
 */
import { DEV_AUDIT_SALT, visitorHash } from '../audit/hash';
import type { PiiVault } from '../guards';
import { loadOpsSettings } from '../ops/settings';
import { offlineMessages } from '../outcomes/offline-store';
import { outcomeRecorder } from '../outcomes/record';
import type { AlarmPort } from './alarms';
import { handoffQueue } from './handoff';
import type { ConversationStore } from './store';

/** An index row is rewritten at most this often per visitor (its `last_at` is that coarse). */
const INDEX_REFRESH_MS = 3_600_000;
const HOUR_MS = 3_600_000;
/** When storage could not be deleted because the object was busy, the retention alarm tries again after this. */
const BUSY_RETRY_MS = 600_000;

export interface RetentionPorts {
  store: ConversationStore;
  db: D1Database;
  salt: string | undefined;
  ids: () => { siteKey: string; conversationId: string };
  /** The retention slot of the object's alarm. */
  alarm: AlarmPort;
  /** Things that keep the storage from being deleted (a running turn, webhooks to deliver). */
  busy: () => boolean;
  /** Close the object's sockets and delete its whole storage, its alarm included. */
  deleteAll: () => Promise<void>;
  now: () => number;
}

export type ConversationDump = Record<string, Record<string, SqlStorageValue>[]>;

export class Retention {
  constructor(private readonly ports: RetentionPorts) {}

  /** The site's transcript window, in ms. */
  async window(): Promise<number> {
    const settings = await loadOpsSettings(this.ports.db, this.ports.ids().siteKey);
    return settings.transcriptRetentionHours * HOUR_MS;
  }

  /**
   * The conversation was used (by `visitorId` when given): index it for that visitor and make sure the
   * retention alarm is set (for the window after the oldest data; the first activity sets it).
   */
  async touch(visitorId?: string): Promise<void> {
    const { store, alarm, now } = this.ports;
    if ((await alarm.get()) === null) await alarm.set((store.oldest() ?? now()) + (await this.window()));
    if (visitorId !== undefined) await this.index(visitorId);
  }

  private async index(visitorId: string): Promise<void> {
    const { store, db, ids, now } = this.ports;
    const { siteKey, conversationId } = ids();
    const hash = await visitorHash(this.ports.salt || DEV_AUDIT_SALT, siteKey, visitorId);
    const seen = JSON.parse(store.get('indexed') ?? '{}') as Record<string, number>;
    const at = now();
    if ((seen[hash] ?? 0) > at - INDEX_REFRESH_MS) return;
    await db
      .prepare(
        `INSERT INTO conversation_index (site, visitor_hash, conversation_id, last_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (site, conversation_id, visitor_hash) DO UPDATE SET last_at = excluded.last_at`,
      )
      .bind(siteKey, hash, conversationId, at)
      .run();
    store.set('indexed', JSON.stringify({ ...seen, [hash]: at }));
  }

  /** The retention alarm: purge past the site's window, then delete the storage or wake again for the rest. */
  async run(): Promise<void> {
    const window = await this.window();
    await this.purgeBefore(this.ports.now() - window, window);
  }

  /**
   * Delete messages, frames, turns, sends, ratings and vault entries older than `cutoff`; when nothing is
   * left, the whole storage. Returns how many messages went.
   */
  async purgeBefore(cutoff: number, window?: number): Promise<number> {
    const { store, alarm } = this.ports;
    const removed = store.purgeBefore(cutoff);
    const { siteKey, conversationId } = this.ports.ids();
    if (siteKey) await offlineMessages(this.ports.db).purge(siteKey, conversationId, cutoff);
    this.pruneState();
    const oldest = store.oldest();
    if (oldest === null && !this.ports.busy()) {
      await this.wipe();
      return removed;
    }
    // Nothing old is left but the object is busy (a turn, webhooks to deliver): look again a little later.
    if (oldest === null) await alarm.set(this.ports.now() + BUSY_RETRY_MS);
    else await alarm.set(oldest + (window ?? (await this.window())));
    return removed;
  }

  /**
   * Erase the conversation: every table, the vault, the alarm, its index rows, its place in the handoff queue
   * and its offline messages; its outcome row keeps the figures but no longer names it.
   */
  async erase(): Promise<number> {
    const n = this.ports.store.messageCount();
    await this.wipe();
    return n;
  }

  /** Every row of every table (a data export). */
  dump(): ConversationDump {
    return this.ports.store.dump();
  }

  private async wipe(): Promise<void> {
    const { db, ids } = this.ports;
    const { siteKey, conversationId } = ids();
    if (siteKey) {
      await db.prepare('DELETE FROM conversation_index WHERE site = ? AND conversation_id = ?').bind(siteKey, conversationId).run();
      await handoffQueue(db).remove(siteKey, conversationId);
      await offlineMessages(db).purge(siteKey, conversationId);
      await outcomeRecorder(db).anonymise({ site: siteKey, conversationId });
    }
    await this.ports.deleteAll();
    this.ports.store.open();
  }

  /** Keep only the vault entries and ratings that a remaining message still refers to. */
  private pruneState(): void {
    const { store } = this.ports;
    const texts = store.texts();
    const raw = store.get('vault');
    if (raw !== null) {
      const vault = JSON.parse(raw) as PiiVault;
      const kept = Object.keys(vault.values).filter((ph) => texts.some((t) => t.includes(ph)));
      if (kept.length === 0) store.delete('vault');
      else {
        const values = Object.fromEntries(kept.map((ph) => [ph, vault.values[ph] ?? '']));
        const keys = Object.fromEntries(Object.entries(vault.keys).filter(([, ph]) => ph in values));
        store.set('vault', JSON.stringify({ ...vault, values, keys }));
      }
    }
    const ratings = store.get('feedback');
    if (ratings !== null) {
      const kept = Object.entries(JSON.parse(ratings) as Record<string, string>).filter(([id]) => store.turn(id) !== null);
      if (kept.length === 0) store.delete('feedback');
      else store.set('feedback', JSON.stringify(Object.fromEntries(kept)));
    }
  }
}
