/**
 * The conversation's side of a human handoff: its on/off state, the `handoff` frames, the D1 queue the
 * console lists and the site's webhook (queued in storage, retried from the object's alarm).
 */

import { clock } from '../outcomes/clock';
import type { AlarmPort } from './alarms';
import type { ConversationEnv } from './config';
import { deliverHandoff, handoffQueue } from './handoff';
import type { WebhookEvent } from './relay';
import type { Unnumbered } from './running-turn';
import type { ConversationStore } from './store';
import { WebhookOutbox } from './webhook-outbox';

export interface HandoffDeskPorts {
  store: ConversationStore;
  env: ConversationEnv & { DB: D1Database };
  emit: (frame: Unnumbered) => void;
  ids: () => { siteKey: string; conversationId: string };
  waitUntil: (p: Promise<unknown>) => void;
  /** The outbox's slot of the object's alarm. */
  alarm: AlarmPort;
  /** A handoff began (the outcome record, the wait limit). */
  onStart?: (reason: string, at: number) => void;
  /** A person replied. */
  onReply?: (at: number) => void;
}

export class HandoffDesk {
  /** Webhook events waiting to be delivered (in the store; retried from the object's alarm). */
  readonly outbox: WebhookOutbox<WebhookEvent>;

  constructor(private readonly ports: HandoffDeskPorts) {
    this.outbox = new WebhookOutbox<WebhookEvent>({
      store: ports.store,
      deliver: (ev) => deliverHandoff(ports.env, ev, { fetch: (i, init) => fetch(i, init), now: () => clock.now() }),
      alarm: ports.alarm,
      now: () => clock.now(),
    });
  }

  get active(): boolean {
    return this.ports.store.get('handoff') === '1';
  }

  /** Hand the conversation to a human: announce it to the visitor, the console's queue and the site's webhook. */
  start(reason: string, messageId?: string): void {
    const { store, emit, waitUntil, env } = this.ports;
    store.set('handoff', '1');
    emit(messageId ? { type: 'handoff', active: true, reason, messageId } : { type: 'handoff', active: true, reason });
    const { siteKey, conversationId } = this.ports.ids();
    const at = clock.now();
    this.ports.onStart?.(reason, at);
    // Queued in storage before the first attempt, behind any announcement still waiting, so none is lost.
    const delivery = this.outbox.add({ type: 'handoff', siteKey, conversationId, reason, at });
    waitUntil(Promise.allSettled([handoffQueue(env.DB).add({ siteKey, conversationId, reason, since: at }), delivery]));
  }

  /**
   * A human agent's reply; takes the conversation into handoff if it was not. The transcript entry and its
   * frame share the reply's id, so retention and erasure remove both together. Returns the id.
   */
  reply(text: string, name?: string): string {
    const { store, emit } = this.ports;
    if (!this.active) this.start('agent');
    const id = `agent-${crypto.randomUUID()}`;
    const at = clock.now();
    store.addMessage({ role: 'agent', id, text, at });
    this.ports.onReply?.(at);
    emit(name ? { type: 'agent', id, text, name } : { type: 'agent', id, text });
    return id;
  }

  /** Give the conversation back to the bot and take it off the console's queue. */
  async handBack(): Promise<void> {
    if (this.active) {
      this.ports.store.set('handoff', '0');
      this.ports.emit({ type: 'handoff', active: false, reason: 'agent' });
    }
    const { siteKey, conversationId } = this.ports.ids();
    await handoffQueue(this.ports.env.DB).remove(siteKey, conversationId);
  }
}
