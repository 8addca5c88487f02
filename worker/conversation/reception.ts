/**
 * Where a visitor message enters the conversation: admitted (limits), recorded masked in the transcript,
 * then answered by the bot's turn or queued for the human who holds the conversation.
 */
import { closedDesk } from '../../shared/business-hours';
import type { SiteConfig } from '../../shared/config';
import type { PendingCalls } from '../actions/pending';
import { turnAuditId } from '../audit/turn-id';
import type { WorkerEnv } from '../env';
import { regionsFor } from '../guards/pii/index';
import { piiOnce } from '../guards/scanners';
import { clock } from '../outcomes/clock';
import { turnPortsFor } from '../pipeline/turn/ports';
import type { Admission } from './admission';
import { asksForPerson } from './handoff';
import type { HandoffDesk } from './handoff-desk';
import { type ObjectPorts, RunningTurn } from './running-turn';
import type { VisitorMessage } from './session-types';
import type { Transcript } from './transcript';

export interface ReceptionPorts extends ObjectPorts {
  env: WorkerEnv;
  admission: Admission;
  transcript: Transcript;
  handoff: HandoffDesk;
  /** Where the turn leaves action calls waiting for the visitor's confirmation. */
  pending?: PendingCalls;
  /** The outcome parts (closing, relay, wait limit): told of each accepted message and each answer. */
  outcome?: ReceptionOutcome;
}

export interface ReceptionOutcome {
  /** A message was accepted (masked text); `handedOff` when a person already held the conversation. */
  accepted: (m: { id: string; text: string; at: number; handedOff: boolean }) => void;
  /** The bot's reply to `messageId` is stored. */
  answered: (messageId: string) => void;
  /** Nobody replied within the wait limit: the bot answers although the conversation is handed off. */
  deskBusy: () => boolean;
}

export class Reception {
  /** The bot's turn in flight (one at a time). */
  running: RunningTurn | null = null;

  constructor(private readonly ports: ReceptionPorts) {}

  /** Admit and accept a message (throws a typed error when a limit refuses it); false when its id was accepted meanwhile. */
  async submit(m: VisitorMessage): Promise<boolean> {
    const { admission, store, ids } = this.ports;
    const site = await admission.siteFor(ids().siteKey);
    if (store.turn(m.id)) return false;
    admission.admit(this.running !== null, m.visitorId, m.text, site);
    this.accept(site, m);
    return true;
  }

  /** Cancel the running turn if it is `messageId`'s; the upstream fetch is aborted. */
  stop(messageId: string): void {
    if (this.running?.messageId === messageId) this.running.stop();
  }

  /** Record an admitted message (masked), then run the bot or queue it for the human. Synchronous. */
  private accept(site: SiteConfig, m: VisitorMessage): void {
    const { store, transcript, handoff } = this.ports;
    const at = clock.now();
    // One PII scan of the raw message serves this door guard and the pipeline's guard under the site's policy.
    // Numbers without `+` are read in the site's and the visitor's regions.
    const pii = piiOnce(undefined, regionsFor([site.locale, m.locale]));
    const text = transcript.mask(m.text, pii);
    // Outside business hours a request for a person is answered so, and the bot keeps answering.
    const closed = handoff.active || !asksForPerson(m.text) ? null : closedDesk(site.hours, at);
    const outcome = this.ports.outcome;
    outcome?.accepted({ id: m.id, text, at, handedOff: handoff.active });
    // Past the wait limit with nobody replying, the bot answers while the visitor still waits for a person.
    const deskBusy = handoff.active && (outcome?.deskBusy() ?? false);
    if (!closed && !deskBusy && (handoff.active || asksForPerson(m.text))) {
      store.startTurn(m.id, 'handoff');
      transcript.add({ role: 'visitor', id: m.id, text, at });
      if (!handoff.active) handoff.start('visitor_request', m.id);
      handoff.received({ role: 'visitor', id: m.id, text, at });
      return;
    }
    const context = transcript.context();
    store.startTurn(m.id, 'running');
    transcript.add({ role: 'visitor', id: m.id, text, at });
    if (closed) this.ports.emit({ type: 'handoff', active: false, reason: 'visitor_request', ...closed });
    const running = new RunningTurn(m.id, m.cacheMode);
    this.running = running;
    const { conversationId } = this.ports.ids();
    // One audit row per turn, keyed by the turn (site:conversation:message); tokens count against the site's day.
    const audit = { site, requestId: turnAuditId(site.key, conversationId, m.id), visitorId: m.visitorId };
    const turn = running.run(
      site,
      conversationId,
      m.text,
      context,
      pii,
      {
        transcript,
        emit: this.ports.emit,
        turnPorts: (opts) =>
          turnPortsFor(this.ports.env, this.ports, { ...opts, audit, ...(this.ports.pending ? { pending: this.ports.pending } : {}) }),
        settled: (id) => {
          store.setTurnStatus(id, 'done');
          this.running = null;
          outcome?.answered(id);
        },
        // An agent may have joined while the turn ran: that handoff is already announced, not a second one.
        handoff: (id) => {
          const shut = closedDesk(site.hours, clock.now());
          if (shut && !handoff.active) this.ports.emit({ type: 'handoff', active: false, reason: 'intent', ...shut });
          else if (!handoff.active) handoff.start('intent', id);
        },
      },
      m.locale,
      m.visitorId,
    );
    this.ports.waitUntil(turn);
  }
}
