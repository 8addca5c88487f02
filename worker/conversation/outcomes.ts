/**
 * The conversation's outcome parts, built once per object: closing and the survey (closing.ts), offline
 * messages (offline.ts), the wait limit and the helpdesk relay (relay.ts), and the D1 outcome record they
 * keep (worker/outcomes/). Every time comes from the shared clock; the D1 writes run in the background.
 */
import type { SiteConfig } from '../../shared/config';
import type { ErrorCode } from '../../shared/protocol';
import { ParleyError } from '../errors';
import { regionsFor } from '../guards/pii/index';
import { piiOnce } from '../guards/scanners';
import { clock } from '../outcomes/clock';
import { offlineMessages } from '../outcomes/offline-store';
import { outcomeRecorder } from '../outcomes/record';
import { loadLiveSite } from '../storage/live-site';
import type { Alarms } from './alarms';
import { Closing } from './closing';
import type { HandoffDesk } from './handoff-desk';
import { OfflineDesk } from './offline';
import type { ReceptionOutcome } from './reception';
import { WaitLimit } from './relay';
import type { ObjectPorts } from './running-turn';
import type { Transcript } from './transcript';

export interface OutcomePartsPorts extends ObjectPorts {
  db: D1Database;
  alarms: Alarms;
  transcript: Transcript;
  handoff: () => HandoffDesk;
}

/** A refusal across RPC, as data: a ParleyError does not keep its code across the boundary. */
export type Refusal = { refused: ErrorCode; message: string };

/** Run `work`; a ParleyError it throws comes back as a Refusal. */
export async function asRefusal(work: () => Promise<void>): Promise<Refusal | null> {
  try {
    await work();
    return null;
  } catch (err) {
    if (err instanceof ParleyError) return { refused: err.code, message: err.message };
    throw err;
  }
}

function logged(p: Promise<unknown>): Promise<unknown> {
  return p.catch((e: unknown) => {
    console.error(JSON.stringify({ level: 'error', event: 'outcome_write_failed', name: e instanceof Error ? e.name : 'unknown' }));
  });
}

export function outcomeParts(p: OutcomePartsPorts) {
  const record = outcomeRecorder(p.db);
  const key = () => ({ site: p.ids().siteKey, conversationId: p.ids().conversationId });
  const site = async (): Promise<SiteConfig> => {
    const live = (await loadLiveSite(p.db, p.ids().siteKey))?.site;
    if (!live) throw new ParleyError('unauthorized', 'Unknown site key.');
    return live;
  };
  const mask = async (text: string) => p.transcript.mask(text, piiOnce(undefined, regionsFor([(await site()).locale])));
  const background = (work: Promise<unknown>) => p.waitUntil(logged(work));
  /** The outcome row begins with the first visitor message or offline message (so a helpdesk can answer either). */
  const started = (at: number) => {
    if (p.store.get('outcome_started') !== null) return Promise.resolve();
    p.store.set('outcome_started', '1');
    return record.started(key(), at);
  };
  const waitLimit = new WaitLimit({ store: p.store, alarm: p.alarms.slot('wait'), emit: p.emit, now: clock.now, site });
  const closing = new Closing({
    store: p.store,
    db: p.db,
    emit: p.emit,
    ids: key,
    record,
    idle: p.alarms.slot('idle'),
    endWait: () => waitLimit.cancel(),
    mask,
    site,
    now: clock.now,
  });
  const offline = new OfflineDesk({
    store: p.store,
    emit: p.emit,
    ids: p.ids,
    mask,
    save: async (m) => {
      await Promise.all([offlineMessages(p.db).add(m), started(m.at)]);
    },
    announce: (ev) => background(p.handoff().outbox.add(ev)),
    now: clock.now,
  });
  const reception: ReceptionOutcome = {
    accepted: (m) => {
      background(started(m.at));
      if (closing.closed) background(closing.reopen());
      else background(closing.notIdle());
      if (m.handedOff) {
        const { siteKey, conversationId } = p.ids();
        background(p.handoff().outbox.add({ type: 'visitor_message', siteKey, conversationId, messageId: m.id, text: m.text, at: m.at }));
      }
    },
    answered: () => background(closing.answered()),
    deskBusy: () => waitLimit.busy,
  };
  const handoffHooks = {
    onStart: (reason: string, at: number) => {
      background(record.handoff(key(), at));
      if (reason !== 'agent') background(waitLimit.arm());
    },
    onReply: (at: number) => {
      background(record.agentReply(key(), at));
      background(waitLimit.cancel());
    },
  };
  /** The visitor's thumbs changed: whether any reply is now rated down (a negative outcome). */
  const rated = (ratings: Record<string, 'up' | 'down'>) => background(record.ratedDown(key(), Object.values(ratings).includes('down')));
  return { record, key, waitLimit, closing, offline, reception, handoffHooks, background, rated };
}

export type OutcomeParts = ReturnType<typeof outcomeParts>;
