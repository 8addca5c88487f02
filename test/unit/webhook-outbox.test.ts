import { afterEach, describe, expect, it, vi } from 'vitest';
import { WEBHOOK_QUEUE_MAX, WEBHOOK_RETRY_DELAYS_MS, WebhookOutbox } from '../../worker/conversation/webhook-outbox';

type Outcome = 'delivered' | 'refused' | 'retry' | 'none';
/** The outbox does not look inside an event; these stand for handoff events. */
type Ev = { reason: string; at: number };
const ev = (reason: string, at = 0): Ev => ({ reason, at });

/** The outbox over an in-memory store and alarm, a fake clock, and requests the test answers one by one. */
function harness() {
  const kv = new Map<string, string>();
  const clock = { now: 1_000, alarm: null as number | null };
  const requests: { ev: Ev; answer: (o: Outcome) => void }[] = [];
  const make = () =>
    new WebhookOutbox<Ev>({
      store: { get: (k) => kv.get(k) ?? null, set: (k, v) => kv.set(k, v), delete: (k) => kv.delete(k) },
      deliver: (e) => new Promise<Outcome>((answer) => requests.push({ ev: e, answer })),
      alarm: {
        get: async () => clock.alarm,
        set: async (at) => {
          clock.alarm = at;
        },
        delete: async () => {
          clock.alarm = null;
        },
      },
      now: () => clock.now,
    });
  /** Let the outbox run until it waits on a request or settles. */
  const settle = () => new Promise((r) => setTimeout(r, 0));
  /** Answer the oldest unanswered request. */
  let answered = 0;
  const answer = async (o: Outcome) => {
    const r = requests[answered++];
    if (!r) throw new Error('no request waiting');
    r.answer(o);
    await settle();
  };
  /** What the alarm does: the runtime clears it, then the handler drains (`done` settles with the handler). */
  const fireAlarm = async () => {
    clock.alarm = null;
    const done = outbox.drain();
    await settle();
    return { done };
  };
  const outbox = make();
  return { kv, clock, requests, outbox, make, settle, answer, fireAlarm, sent: () => requests.map((r) => r.ev.reason) };
}

const logs = () =>
  vi
    .mocked(console.error)
    .mock.calls.map((c) => JSON.parse(String(c[0])) as { outcome: string; attempts: number })
    .map((l) => [l.outcome, l.attempts]);

describe('handoff webhook outbox', () => {
  afterEach(() => vi.restoreAllMocks());

  it('an event added while a request is in flight is sent after it, each once; the alarm joins the running delivery', async () => {
    const h = harness();
    void h.outbox.add(ev('first'));
    await h.settle();
    void h.outbox.add(ev('second'));
    void h.outbox.drain(); // the alarm or another caller while the first request is in flight
    await h.settle();
    expect(h.sent()).toEqual(['first']);
    await h.answer('delivered');
    expect(h.sent()).toEqual(['first', 'second']);
    await h.answer('delivered');
    expect(h.sent()).toEqual(['first', 'second']);
    expect({ pending: h.outbox.pending(), alarm: h.clock.alarm }).toEqual({ pending: [], alarm: null });
  });

  it('the head keeps its retry schedule and later events wait behind it; a 4xx or exhausted retries drop only that event', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const h = harness();
    void h.outbox.add(ev('down'));
    await h.settle();
    void h.outbox.add(ev('refused'));
    void h.outbox.add(ev('fine'));
    for (const delay of WEBHOOK_RETRY_DELAYS_MS) {
      expect(h.clock.alarm).toBe(h.clock.now + delay); // set before the request, so an eviction still retries
      await h.answer('retry');
      expect(h.outbox.pending().map((p) => [p.ev.reason, p.attempt])).toEqual([
        ['down', h.requests.length],
        ['refused', 0],
        ['fine', 0],
      ]);
      await h.fireAlarm();
    }
    await h.answer('retry'); // the last attempt
    await h.answer('refused');
    await h.answer('delivered');
    expect(h.sent()).toEqual([...Array(WEBHOOK_RETRY_DELAYS_MS.length + 1).fill('down'), 'refused', 'fine']);
    expect(logs()).toEqual([
      ['retry', WEBHOOK_RETRY_DELAYS_MS.length + 1],
      ['refused', 1],
    ]);
    expect({ pending: h.outbox.pending(), alarm: h.clock.alarm }).toEqual({ pending: [], alarm: null });
  });

  it('an alarm that fires during a slow request does not strand the retry', async () => {
    const h = harness();
    void h.outbox.add(ev('slow'));
    await h.settle();
    const handler = h.fireAlarm(); // the 1 s retry alarm fires while the first request still runs
    await h.answer('retry');
    expect(h.sent()).toEqual(['slow', 'slow']);
    expect(h.clock.alarm).toBe(h.clock.now + (WEBHOOK_RETRY_DELAYS_MS[1] ?? 0));
    await h.answer('delivered');
    await (await handler).done;
    expect({ pending: h.outbox.pending(), alarm: h.clock.alarm }).toEqual({ pending: [], alarm: null });
  });

  it('after an eviction mid-request the alarm resends the event; a cut-off last attempt gives it up', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const h = harness();
    void h.outbox.add(ev('cut'));
    await h.settle(); // evicted now: the request never answers
    expect(h.outbox.pending()).toMatchObject([{ attempt: 1 }]);
    expect(h.clock.alarm).not.toBeNull();
    const revived = h.make();
    h.clock.alarm = null;
    void revived.drain();
    await h.settle();
    expect(h.sent()).toEqual(['cut', 'cut']);

    const last = WEBHOOK_RETRY_DELAYS_MS.length + 1;
    h.kv.set('webhooks', JSON.stringify([{ id: 'x', ev: ev('spent'), attempt: last }]));
    const again = h.make();
    h.clock.alarm = null;
    await again.drain();
    expect(h.sent()).toEqual(['cut', 'cut']);
    expect(logs()).toEqual([['retry', last]]);
  });

  it(`keeps at most ${WEBHOOK_QUEUE_MAX} events, giving up the oldest with an error log`, async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const h = harness();
    for (let i = 0; i <= WEBHOOK_QUEUE_MAX; i++) void h.outbox.add(ev(`e${i}`));
    await h.settle();
    const pending = h.outbox.pending().map((p) => p.ev.reason);
    expect(pending).toHaveLength(WEBHOOK_QUEUE_MAX);
    expect(pending[0]).toBe('e1');
    expect(logs()).toEqual([['queue_full', 1]]); // e0 was in flight: its one attempt
    await h.answer('delivered'); // e0's request still ends; the queue goes on with e1
    expect(h.sent()).toEqual(['e0', 'e1']);
  });

  it('moves an event stored in the old single-event format to the head, and re-arms a missing alarm', async () => {
    const h = harness();
    h.kv.set('webhook', JSON.stringify({ ev: ev('old', 1), attempt: 0 })); // its first request was cut off: no alarm
    void h.outbox.add(ev('new', 2));
    await h.settle();
    expect(h.kv.has('webhook')).toBe(false);
    expect(h.outbox.pending().map((p) => [p.ev.reason, p.attempt])).toEqual([
      ['old', 0],
      ['new', 0],
    ]);
    expect(h.clock.alarm).toBe(h.clock.now);
    void h.fireAlarm();
    await h.settle();
    await h.answer('delivered');
    await h.answer('delivered');
    expect(h.sent()).toEqual(['old', 'new']);
  });
});
