/**
 * The helpdesk side of a handoff: the events the site's webhook receives besides the handoff itself (a
 * visitor message while a person holds the conversation, an offline message), and the wait limit: once
 * handed off during business hours, if no person replies within the site's `hours.waitLimitSeconds`, the
 * visitor is told the desk is busy (a `handoff` frame with `open: false`, reason `wait_limit`) and the bot
 * answers again until a person does.
 */
import type { SiteConfig } from '../../shared/config';
import type { AlarmPort } from './alarms';
import type { HandoffEvent } from './handoff';
import type { Unnumbered } from './running-turn';

/** A visitor message sent while the conversation is with a person (text masked). */
export interface VisitorMessageEvent {
  type: 'visitor_message';
  siteKey: string;
  conversationId: string;
  messageId: string;
  text: string;
  at: number;
}

/** A message left for the team (text masked; the email as given, for the reply). */
export interface OfflineEvent {
  type: 'offline';
  siteKey: string;
  conversationId: string;
  id: string;
  email: string;
  text: string;
  at: number;
}

/** Everything the handoff webhook receives, signed, through the conversation's outbox. */
export type WebhookEvent = HandoffEvent | VisitorMessageEvent | OfflineEvent;

const BUSY = 'desk_busy';
const DEADLINE = 'wait_at';

export interface WaitLimitPorts {
  store: { get(key: string): string | null; set(key: string, value: string): void; delete(key: string): void };
  /** The wait limit's slot of the object's alarm. */
  alarm: AlarmPort;
  emit: (frame: Unnumbered) => void;
  now: () => number;
  site: () => Promise<SiteConfig>;
}

export class WaitLimit {
  constructor(private readonly ports: WaitLimitPorts) {}

  /** The wait limit passed with nobody replying: the bot answers the visitor meanwhile. */
  get busy(): boolean {
    return this.ports.store.get(BUSY) === '1';
  }

  /** A handoff began during open hours: wake when the site's wait limit is up (none without hours, or with 0). */
  async arm(): Promise<void> {
    this.ports.store.delete(BUSY);
    const limit = (await this.ports.site()).hours?.waitLimitSeconds ?? 0;
    if (limit <= 0) return;
    const at = this.ports.now() + limit * 1000;
    this.ports.store.set(DEADLINE, String(at));
    await this.ports.alarm.set(at);
  }

  /** A person replied (or the handoff ended): no more waiting. */
  async cancel(): Promise<void> {
    this.ports.store.delete(BUSY);
    this.ports.store.delete(DEADLINE);
    await this.ports.alarm.delete();
  }

  /** The alarm's slot was due: tell a visitor still waiting for a person that the desk is busy. */
  async fire(stillWaiting: boolean): Promise<void> {
    const at = this.ports.store.get(DEADLINE);
    if (at === null) return;
    // The object's alarm wakes for its earliest deadline, which may be another part's: not waited long enough yet.
    if (this.ports.now() < Number(at)) return this.ports.alarm.set(Number(at));
    this.ports.store.delete(DEADLINE);
    if (!stillWaiting || this.busy) return;
    this.ports.store.set(BUSY, '1');
    this.ports.emit({ type: 'handoff', active: true, open: false, reason: 'wait_limit' });
  }
}
