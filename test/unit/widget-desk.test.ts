import { describe, expect, it } from 'vitest';
import type { ServerFrame } from '../../shared/protocol';
import { type Conv, mergeConv } from '../../widget/state/conversation';
import { answered, cardId, cardState, deskFrame, offlineProblem, openingTime } from '../../widget/state/desk';

const conv = (over: Partial<Conv> = {}): Conv => ({ cid: 'c1', vid: 'v', msgs: [], seq: 0, handoff: false, ...over });
const NOW = Date.parse('2026-12-04T12:00:00Z');
const MONDAY_9 = Date.parse('2026-12-07T09:00:00Z');
const confirm: ServerFrame = {
  type: 'confirm',
  seq: 4,
  messageId: 'm1',
  callId: 'call_1',
  action: 'cancel_order',
  summary: 'Cancel order 4411',
  expiresAt: NOW + 60_000,
};

describe('desk frames on the stored conversation', () => {
  it('a handoff with open:false records when the desk opens; an agent joining clears it; a later bot-side change keeps it', () => {
    const visitor = { id: 'm1', role: 'visitor' as const, text: 'a human please', at: 1, status: 'sending' as const };
    const away = deskFrame(
      conv({ msgs: [visitor] }),
      { type: 'handoff', seq: 3, active: false, open: false, nextOpen: MONDAY_9, reason: 'visitor_request', messageId: 'm1.1' },
      NOW,
    );
    expect(away.away).toEqual({ next: MONDAY_9, why: 'visitor_request' });
    // The message that asked (sent as retry `m1.1`) is delivered, not pending.
    expect(away.msgs[0]?.status).toBe('done');
    const waitLimit = deskFrame(conv(), { type: 'handoff', seq: 5, active: false, open: false, reason: 'wait_limit' }, NOW);
    expect(waitLimit.away).toEqual({ next: undefined, why: 'wait_limit' });
    expect(deskFrame(away, { type: 'handoff', seq: 6, active: false }, NOW).away).toEqual(away.away);
    expect(deskFrame(away, { type: 'handoff', seq: 7, active: true, reason: 'agent' }, NOW).away).toBeUndefined();
  });

  it('a confirm frame adds one card; a replay never resets the answer; the answer wins a merge with an unanswered tab', () => {
    const asked = deskFrame(conv(), confirm, NOW);
    expect(asked.msgs).toEqual([
      { id: cardId('call_1'), role: 'confirm', text: 'Cancel order 4411', at: NOW, status: 'done', call: 'call_1', until: NOW + 60_000 },
    ]);
    const yes = answered(asked, 'call_1', true);
    const replayed = deskFrame(yes, confirm, NOW + 5);
    expect(replayed.msgs).toHaveLength(1);
    expect(replayed.msgs[0]?.ok).toBe(true);
    expect(mergeConv(asked, yes).msgs[0]?.ok).toBe(true);
    expect(mergeConv(yes, asked).msgs[0]?.ok).toBe(true);
  });

  it('a card is open until it lapses, then expired; an answer is kept whatever the time', () => {
    const card = deskFrame(conv(), confirm, NOW).msgs[0];
    if (!card) throw new Error('no card');
    expect(cardState(card, NOW)).toBe('open');
    expect(cardState(card, NOW + 60_001)).toBe('expired');
    expect(cardState({ ...card, ok: false }, NOW + 60_001)).toBe('declined');
    expect(cardState({ ...card, ok: true }, NOW)).toBe('approved');
  });

  it('closed with a survey asks once: an answered survey stays answered; without a survey nothing is asked', () => {
    const inHandoff = conv({ handoff: true, away: { why: 'wait_limit' } });
    const closed = deskFrame(inHandoff, { type: 'closed', seq: 9, reason: 'agent', survey: true }, NOW);
    expect(closed).toMatchObject({ handoff: false, away: undefined, csat: 1 });
    expect(deskFrame({ ...closed, csat: 2 }, { type: 'closed', seq: 10, reason: 'idle', survey: true }, NOW).csat).toBe(2);
    expect(deskFrame(conv(), { type: 'closed', seq: 9, reason: 'idle', survey: false }, NOW).csat).toBeUndefined();
  });

  it('offline_received marks the message left as acknowledged, and two tabs keep the furthest stage', () => {
    const sent = conv({ left: 1, csat: 2 });
    const got = deskFrame(sent, { type: 'offline_received', seq: 3 }, NOW);
    expect(got.left).toBe(2);
    expect(mergeConv(got, sent)).toMatchObject({ left: 2, csat: 2 });
    expect(mergeConv(conv({ csat: 1 }), conv({ csat: 2 })).csat).toBe(2);
  });

  it('frames that are not the desk’s leave the conversation as it was', () => {
    const before = conv({ left: 1 });
    expect(deskFrame(before, { type: 'pong' }, NOW)).toBe(before);
  });
});

describe('the closed-desk notice and the offline form', () => {
  it.each([
    ['en', 'UTC', 'Mon, Dec 7, 9:00 AM'],
    ['en', 'America/New_York', 'Mon, Dec 7, 4:00 AM'],
    ['zh', 'Asia/Shanghai', '12月7日周一 17:00'],
  ])('the opening time is written in the visitor’s locale (%s) and time zone (%s)', (locale, zone, text) => {
    expect(openingTime(MONDAY_9, locale, zone)).toBe(text);
  });

  it.each([
    ['ana@example.com', 'Call me back', null],
    ['  ana@example.co.uk ', 'hi', null],
    ['ana@example', 'hi', 'email'],
    ['ana example.com', 'hi', 'email'],
    ['@example.com', 'hi', 'email'],
    ['ana@.com', 'hi', 'email'],
    [`${'a'.repeat(250)}@example.com`, 'hi', 'email'],
    ['ana@example.com', '   ', 'text'],
  ])('offline message from %j with text %j: problem %j', (email, text, problem) => {
    expect(offlineProblem(email, text)).toBe(problem);
  });
});
