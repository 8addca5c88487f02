/**
 * The conversation's side of a human handoff: its on/off state, the `handoff` frames, the D1 queue the
 * console lists, the site's webhook (queued in storage, retried from the object's alarm), the desk state
 * (claimed by an agent, closed, back to the bot) and what the agents' inbox is told of each change.
 */

import type { DeskState, InboxEvent, InboxMessage } from '../../shared/inbox';
import type { HistoryItem } from '../../shared/protocol';
import { clock } from '../outcomes/clock';
import type { AlarmPort } from './alarms';
import type { ConversationEnv } from './config';
import { deliverHandoff, handoffQueue } from './handoff';
import type { WebhookEvent } from './relay';
import type { ObjectPorts } from './running-turn';
import { WebhookOutbox } from './webhook-outbox';

export interface HandoffDeskPorts extends ObjectPorts {
  env: ConversationEnv & { DB: D1Database };
  /** The outbox's slot of the object's alarm. */
  alarm: AlarmPort;
  /** A handoff began (the outcome record, the wait limit). */
  onStart?: (reason: string, at: number) => void;
  /** A person replied. */
  onReply?: (at: number) => void;
  /** Tell the agents' inbox (fire-and-forget); the desk adds the site and conversation. */
  notify: (event: DeskEvent) => void;
  /**
   * Prepare the agent's summary of the conversation so far (at handoff). `useModel`: the site's model may be
   * asked; false when an agent took the conversation themselves, being already in it.
   */
  summarize?: (useModel: boolean) => Promise<void>;
}

type Without<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An inbox event before it is addressed to its conversation. */
export type DeskEvent = Without<InboxEvent, 'siteKey' | 'conversationId'>;

/** The agent who holds a conversation: their token's id and display name. */
export interface DeskAgent {
  id: string;
  label: string;
}

/** A claim the desk refused: someone else holds the conversation. */
export type ClaimResult = { ok: true } | { ok: false; claimedBy: string };

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

  /** The agent holding the conversation, if one claimed it. */
  get claimedBy(): DeskAgent | null {
    const raw = this.ports.store.get('claimed');
    return raw ? (JSON.parse(raw) as DeskAgent) : null;
  }

  get state(): DeskState {
    if (this.active) return this.claimedBy ? 'claimed' : 'waiting';
    return this.ports.store.get('desk') === 'closed' ? 'closed' : 'bot';
  }

  /** The display name an agent signed a reply with. */
  agentName(messageId: string): string | undefined {
    return this.ports.store.get(`agent_name:${messageId}`) ?? undefined;
  }

  /** A transcript entry as the inbox shows it (an agent's reply with its name). */
  entry(m: HistoryItem): InboxMessage {
    const name = m.role === 'agent' ? this.agentName(m.id) : undefined;
    return { id: m.id, role: m.role, text: m.text, at: m.at, ...(name ? { name } : {}), ...(m.finish ? { finish: m.finish } : {}) };
  }

  /** A visitor message was recorded while a person holds the conversation: the inbox shows it as it comes. */
  received(m: HistoryItem): void {
    this.ports.notify({ type: 'message', message: this.entry(m) });
  }

  /** Hand the conversation to a human: announce it to the visitor, the console's queue and the site's webhook. */
  start(reason: string, messageId?: string): void {
    const { store, emit, waitUntil, env } = this.ports;
    store.set('handoff', '1');
    store.delete('desk');
    emit(messageId ? { type: 'handoff', active: true, reason, messageId } : { type: 'handoff', active: true, reason });
    const { siteKey, conversationId } = this.ports.ids();
    const at = clock.now();
    this.ports.onStart?.(reason, at);
    // Queued in storage before the first attempt, behind any announcement still waiting, so none is lost.
    const delivery = this.outbox.add({ type: 'handoff', siteKey, conversationId, reason, at });
    const summary = this.ports.summarize?.(reason !== 'agent') ?? Promise.resolve();
    // The inbox hears of it once the console's list has it; the summary (maybe a model call) is read when opened.
    const queued = handoffQueue(env.DB)
      .add({ siteKey, conversationId, reason, since: at })
      .finally(() => this.ports.notify({ type: 'handoff', reason, at }));
    waitUntil(Promise.allSettled([queued, delivery, summary]));
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
    if (name) store.set(`agent_name:${id}`, name);
    this.ports.onReply?.(at);
    emit(name ? { type: 'agent', id, text, name } : { type: 'agent', id, text });
    this.ports.notify({ type: 'message', message: { id, role: 'agent', text, at, ...(name ? { name } : {}) } });
    return id;
  }

  /**
   * An agent takes the conversation (into handoff if it was not). Refused while another agent holds it;
   * `force` (admins and editors) takes it over anyway.
   */
  claim(agent: DeskAgent, force = false): ClaimResult {
    const holder = this.claimedBy;
    if (holder && holder.id !== agent.id && !force) return { ok: false, claimedBy: holder.label };
    if (!this.active) this.start('agent');
    this.ports.store.set('claimed', JSON.stringify(agent));
    this.ports.notify({ type: 'state', state: 'claimed', by: agent.label, at: clock.now() });
    return { ok: true };
  }

  /** The agent lets the conversation go back to the waiting list; refused (false) when another agent holds it and not `force`. */
  release(agent: DeskAgent, force = false): boolean {
    const holder = this.claimedBy;
    if (!holder) return true;
    if (holder.id !== agent.id && !force) return false;
    this.ports.store.delete('claimed');
    this.ports.notify({ type: 'state', state: 'released', by: agent.label, at: clock.now() });
    return true;
  }

  /** Give the conversation back to the bot and take it off the console's queue. */
  async handBack(): Promise<void> {
    const wasHeld = this.active || this.claimedBy !== null;
    await this.leaveDesk();
    if (wasHeld) this.ports.emit({ type: 'handoff', active: false, reason: 'agent' });
    if (wasHeld) this.ports.notify({ type: 'state', state: 'bot', at: clock.now() });
  }

  /** The conversation was closed (see closing.ts, which tells the visitor): off the desk, and the inbox told. */
  async closed(): Promise<void> {
    await this.leaveDesk();
    this.ports.store.set('desk', 'closed');
    this.ports.notify({ type: 'state', state: 'closed', at: clock.now() });
  }

  /** Out of handoff, unclaimed, off the console's queue. */
  private async leaveDesk(): Promise<void> {
    const { store, env } = this.ports;
    store.set('handoff', '0');
    store.delete('claimed');
    const { siteKey, conversationId } = this.ports.ids();
    await handoffQueue(env.DB).remove(siteKey, conversationId);
  }
}
