/**
 * A message left for the team while no person can answer (outside business hours, or past the wait limit):
 * an `offline` frame or `POST /v1/offline`. The visitor's email goes to the offline message record (D1,
 * listed in the admin API) and to the handoff webhook, nowhere else; the text is masked everywhere, and the
 * transcript keeps the masked text only. Acknowledged with a numbered `offline_received` frame.
 */
import { ParleyError } from '../errors';
import type { OfflineMessage } from '../outcomes/offline-store';
import type { OfflineEvent } from './relay';
import type { Unnumbered } from './running-turn';
import type { ConversationStore } from './store';

/** Offline messages one conversation may leave (each is an email to the team). */
export const OFFLINE_PER_CONVERSATION = 5;

export interface OfflinePorts {
  store: ConversationStore;
  emit: (frame: Unnumbered) => void;
  ids: () => { siteKey: string; conversationId: string };
  mask: (text: string) => Promise<string>;
  /** Write the record (awaited: once acknowledged, the message is listed). */
  save: (m: OfflineMessage) => Promise<void>;
  /** Queue the webhook event (signed, retried by the outbox). */
  announce: (ev: OfflineEvent) => void;
  now: () => number;
}

export class OfflineDesk {
  constructor(private readonly ports: OfflinePorts) {}

  /** Take a message; returns its id. Throws `conflict` past OFFLINE_PER_CONVERSATION. */
  async leave(email: string, text: string): Promise<string> {
    const { store, ids, now } = this.ports;
    const count = Number(store.get('offline_count') ?? 0);
    if (count >= OFFLINE_PER_CONVERSATION)
      throw new ParleyError('conflict', `A conversation may leave at most ${OFFLINE_PER_CONVERSATION} offline messages.`);
    store.set('offline_count', String(count + 1));
    const id = `offline-${crypto.randomUUID()}`;
    const at = now();
    const masked = await this.ports.mask(text);
    const { siteKey, conversationId } = ids();
    store.addMessage({ role: 'visitor', id, text: masked, at });
    await this.ports.save({ id, siteKey, conversationId, at, email, text: masked });
    this.ports.emit({ type: 'offline_received' });
    this.ports.announce({ type: 'offline', siteKey, conversationId, id, email, text: masked, at });
    return id;
  }
}
