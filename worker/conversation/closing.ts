/**
 * Closing a conversation and its satisfaction survey. An agent closes it (`close('agent')`), or it closes
 * itself when the visitor stays idle after the bot's answer (the idle slot of the object's alarm, after the
 * site's `handoff.idleCloseMinutes`, 30 by default, 0 = never). Closing ends any handoff, emits a numbered
 * `closed` frame (`survey: true` while no rating was given) and records the outcome; a new visitor message
 * opens the conversation again. The visitor rates it once, 1–5 with an optional comment (masked).
 */
import type { SiteConfig } from '../../shared/config';
import { ParleyError } from '../errors';
import type { OutcomeKey, OutcomeRecorder } from '../outcomes/record';
import type { AlarmPort } from './alarms';
import { handoffQueue } from './handoff';
import type { Unnumbered } from './running-turn';
import type { ConversationStore } from './store';

export type CloseReason = 'agent' | 'idle';

/** Minutes of visitor silence after the bot's answer before the conversation closes, when the site says nothing. */
export const DEFAULT_IDLE_CLOSE_MINUTES = 30;

export interface ClosingPorts {
  store: ConversationStore;
  db: D1Database;
  emit: (frame: Unnumbered) => void;
  ids: () => OutcomeKey;
  record: OutcomeRecorder;
  /** The idle slot of the object's alarm. */
  idle: AlarmPort;
  /** Stop waiting for a person (the wait limit's slot). */
  endWait: () => Promise<void>;
  /** Mask a visitor's text as the transcript does. */
  mask: (text: string) => Promise<string>;
  site: () => Promise<SiteConfig>;
  now: () => number;
}

export class Closing {
  constructor(private readonly ports: ClosingPorts) {}

  /** Whether the conversation is closed now (until the visitor writes again). */
  get closed(): boolean {
    return this.ports.store.get('closed') === '1';
  }

  /** Close it: false when it already was. */
  async close(reason: CloseReason): Promise<boolean> {
    const { store, emit, record, ids, now } = this.ports;
    if (this.closed) return false;
    const at = now();
    store.set('closed', '1');
    store.set('closed_at', String(at));
    const wasHandedOff = store.get('handoff') === '1';
    store.set('handoff', '0');
    emit({ type: 'closed', reason, survey: store.get('csat') === null });
    const { site, conversationId } = ids();
    await Promise.all([
      this.notIdle(),
      this.ports.endWait(),
      record.closed(ids(), at, reason),
      wasHandedOff ? handoffQueue(this.ports.db).remove(site, conversationId) : Promise.resolve(),
    ]);
    return true;
  }

  /** The visitor wrote again: the conversation is open, and no longer idle. */
  async reopen(): Promise<void> {
    this.ports.store.delete('closed');
    await this.notIdle();
  }

  /** The visitor wrote: no idle close until the bot has answered again. */
  async notIdle(): Promise<void> {
    this.ports.store.delete('idle_at');
    await this.ports.idle.delete();
  }

  /** The bot answered: close the conversation if the visitor stays silent for the site's idle time. */
  async answered(): Promise<void> {
    const minutes = (await this.ports.site()).handoff?.idleCloseMinutes ?? DEFAULT_IDLE_CLOSE_MINUTES;
    if (minutes <= 0) return;
    const at = this.ports.now() + minutes * 60_000;
    this.ports.store.set('idle_at', String(at));
    await this.ports.idle.set(at);
  }

  /** The idle slot was due: close, unless a person holds the conversation or a reply is being written. */
  async idleDue(busy: boolean): Promise<void> {
    const at = Number(this.ports.store.get('idle_at') ?? 0);
    // The object's alarm wakes for its earliest deadline, which may be another part's: not idle long enough yet.
    if (this.ports.now() < at) return this.ports.idle.set(at);
    if (busy || this.ports.store.get('handoff') === '1') return;
    await this.close('idle');
  }

  /**
   * The visitor's rating of the conversation, once: `conflict` for a second one, `bad_request` when the
   * conversation was never closed (no survey was asked).
   */
  async rate(score: number, comment?: string): Promise<void> {
    const { store, record, ids, now } = this.ports;
    if (store.get('csat') !== null) throw new ParleyError('conflict', 'This conversation was already rated.');
    if (store.get('closed_at') === null) throw new ParleyError('bad_request', 'Only a closed conversation can be rated.');
    // Taken before the first await, so a second rating arriving meanwhile is refused.
    const at = now();
    store.set('csat', JSON.stringify({ score, comment: null, at }));
    const masked = comment ? await this.ports.mask(comment) : null;
    if (masked !== null) store.set('csat', JSON.stringify({ score, comment: masked, at }));
    await record.csat(ids(), score, masked);
  }
}
