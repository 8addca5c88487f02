/**
 * The parts a conversation object is made of, wired to each other and to the object's storage, alarm and env.
 * The object keeps them as fields and exposes them through its RPC methods (conversation.ts).
 */
import { actionAuditor } from '../actions/audit';
import type { WorkerEnv } from '../env';
import { summarizeHandoff } from '../inbox/summary';
import { clock, realTime } from '../outcomes/clock';
import { Admission } from './admission';
import { Alarms } from './alarms';
import { Confirmations } from './confirmations';
import type { Owner } from './conversation-token';
import { FanOut } from './fan-out';
import { Feedback } from './feedback';
import { type DeskEvent, HandoffDesk } from './handoff-desk';
import { Notes } from './notes';
import { type OutcomeParts, outcomeParts } from './outcomes';
import { Reception } from './reception';
import { Retention } from './retention';
import type { Unnumbered } from './running-turn';
import { ConversationStore } from './store';
import { Transcript } from './transcript';

/** What the parts need of the object itself. */
export interface ConversationSelf {
  /** Number, store and deliver a frame. */
  emit: (frame: Unnumbered) => void;
  ids: () => { siteKey: string; conversationId: string };
  /** Tell the agents' inbox (fire-and-forget). */
  notify: (event: DeskEvent) => void;
  /** Erase the conversation (retention). */
  deleteAll: () => Promise<void>;
  owner: () => Owner | null;
}

export interface ConversationParts {
  store: ConversationStore;
  fanOut: FanOut;
  ratings: Feedback;
  transcript: Transcript;
  notes: Notes;
  /** The deadlines sharing the object's one alarm (webhook retries, retention, wait limit, idle close). */
  alarms: Alarms;
  outcomes: OutcomeParts;
  handoff: HandoffDesk;
  retention: Retention;
  reception: Reception;
  /** Action calls waiting for the visitor's confirmation. */
  confirmations: Confirmations;
}

export function conversationParts(ctx: DurableObjectState, env: WorkerEnv, self: ConversationSelf): ConversationParts {
  const waitUntil = (p: Promise<unknown>) => ctx.waitUntil(p);
  const store = new ConversationStore(ctx.storage.sql);
  const transcript = new Transcript(store);
  const alarms = new Alarms({
    store,
    alarm: { set: (at) => ctx.storage.setAlarm(realTime(at)), delete: () => ctx.storage.deleteAlarm() },
  });
  let reception: Reception | null = null;
  const outcomes = outcomeParts({
    store,
    db: env.DB,
    alarms,
    transcript,
    emit: self.emit,
    ids: self.ids,
    waitUntil,
    handoff: () => handoff,
  });
  const handoff: HandoffDesk = new HandoffDesk({
    store,
    env,
    emit: self.emit,
    ids: self.ids,
    waitUntil,
    alarm: alarms.slot('webhooks'),
    ...outcomes.handoffHooks,
    notify: self.notify,
    summarize: (useModel) => summarizeHandoff(env, store, self.ids().siteKey, useModel),
  });
  const retention = new Retention({
    store,
    db: env.DB,
    salt: env.AUDIT_SALT,
    ids: self.ids,
    alarm: alarms.slot('retention'),
    busy: () => reception?.running != null || handoff.outbox.pending().length > 0,
    deleteAll: self.deleteAll,
    now: clock.now,
  });
  const admission = new Admission(store, env);
  const confirmations = new Confirmations({
    store,
    transcript,
    emit: self.emit,
    env,
    ids: self.ids,
    site: (key) => admission.siteFor(key),
    owner: self.owner,
    busy: () => reception?.running != null,
    onCall: actionAuditor(env.DB, waitUntil),
    waitUntil,
    now: clock.now,
  });
  reception = new Reception({
    env,
    store,
    admission,
    transcript,
    handoff,
    emit: self.emit,
    ids: self.ids,
    waitUntil,
    outcome: outcomes.reception,
    pending: confirmations,
  });
  return {
    store,
    fanOut: new FanOut(() => ctx.getWebSockets()),
    ratings: new Feedback(store, env.DB, waitUntil),
    transcript,
    notes: new Notes(ctx.storage.sql),
    alarms,
    outcomes,
    handoff,
    retention,
    reception,
    confirmations,
  };
}

/** Close the sockets, stop the running turn and delete the whole storage (erasure, or retention with nothing left). */
export async function eraseConversation(ctx: DurableObjectState, parts: ConversationParts): Promise<void> {
  const running = parts.reception.running?.messageId;
  if (running) parts.reception.stop(running);
  for (const ws of ctx.getWebSockets()) {
    try {
      ws.close(1000, 'conversation deleted');
    } catch {
      /* already closed */
    }
  }
  parts.alarms.clear();
  await ctx.storage.deleteAlarm();
  await ctx.storage.deleteAll();
}
