import { describe, expect, it } from 'vitest';
import type { ConversationView, InboxFrame } from '../../shared/inbox';
import { EMPTY, type InboxState, keyOf, opened, reduce, titleFor, totalUnread, withList } from '../../widget/admin/pages/inbox/model';
import { backoffMs } from '../../widget/admin/pages/inbox/socket';

const ids = { siteKey: 'demo', conversationId: 'c1' };
const KEY = keyOf(ids);
const visitorSays = (id: string, at: number, conversationId = 'c1'): InboxFrame => ({
  type: 'message',
  siteKey: 'demo',
  conversationId,
  message: { id, role: 'visitor', text: id, at },
});
const viewOf = (over: Partial<ConversationView> = {}): ConversationView => ({
  ...ids,
  handoff: true,
  state: 'waiting',
  claimedBy: null,
  lastSeq: 1,
  messages: [],
  notes: [],
  context: { intents: [] },
  summary: null,
  canReveal: false,
  feedback: {},
  visitorTyping: null,
  ...over,
});
const run = (frames: InboxFrame[], from: InboxState = EMPTY) => frames.reduce(reduce, from);

describe('the inbox page state', () => {
  it('lists the oldest waiting first and counts unread visitor messages of conversations not open', () => {
    const s = run([
      { type: 'handoff', ...ids, reason: 'visitor_request', at: 200 },
      { type: 'handoff', siteKey: 'demo', conversationId: 'c0', reason: 'intent', at: 100 },
      visitorSays('m1', 201),
      visitorSays('m2', 202),
      { type: 'message', ...ids, message: { id: 'a1', role: 'agent', text: 'hi', at: 203, name: 'Mei' } },
    ]);
    expect(s.rows.map((r) => [r.conversationId, r.unread])).toEqual([
      ['c0', 0],
      ['c1', 2],
    ]);
    expect(totalUnread(s)).toBe(2);
    expect(titleFor(totalUnread(s))).toBe('(2) Parley console');
    expect(titleFor(0)).toBe('Parley console');
    const open = opened(s, KEY, viewOf());
    expect(totalUnread(open)).toBe(0);
    // While it is open, new messages join its transcript instead of the count.
    const after = reduce(open, visitorSays('m3', 204));
    expect(after.view?.messages.map((m) => m.id)).toEqual(['m3']);
    expect(totalUnread(after)).toBe(0);
  });

  it('follows claims, releases, and drops a conversation closed or handed back', () => {
    const s = run([{ type: 'handoff', ...ids, reason: 'visitor_request', at: 1 }]);
    const claimed = reduce(s, { type: 'state', ...ids, state: 'claimed', by: 'Mei', at: 2 });
    expect(claimed.rows[0]?.claimedBy).toBe('Mei');
    expect(reduce(claimed, { type: 'state', ...ids, state: 'released', at: 3 }).rows[0]?.claimedBy).toBeNull();
    for (const state of ['closed', 'bot'] as const) expect(reduce(claimed, { type: 'state', ...ids, state, at: 4 }).rows).toEqual([]);
  });

  it('a refreshed view keeps what the socket brought meanwhile; the API list keeps unread counts', () => {
    const open = opened(run([{ type: 'handoff', ...ids, reason: 'r', at: 1 }]), KEY, viewOf());
    const live = reduce(open, visitorSays('m9', 50));
    const stale = viewOf({ messages: [{ id: 'm1', role: 'visitor', text: 'm1', at: 10 }] });
    expect(opened(live, KEY, stale).view?.messages.map((m) => m.id)).toEqual(['m1', 'm9']);
    const counted = reduce(run([{ type: 'handoff', ...ids, reason: 'r', at: 1 }]), visitorSays('m1', 2));
    const listed = withList(counted, [{ ...ids, reason: 'r', since: 1, claimedBy: 'Bo' }]);
    expect(listed.rows).toMatchObject([{ unread: 1, claimedBy: 'Bo' }]);
  });
});

describe('the inbox socket backoff', () => {
  it.each([
    [0, 0, 250],
    [0, 1, 500],
    [3, 0, 2000],
    [3, 1, 4000],
    [10, 1, 15_000],
  ])('attempt %i with random %d waits %i ms', (attempt, random, ms) => {
    expect(backoffMs(attempt, () => random)).toBe(ms);
  });
});
