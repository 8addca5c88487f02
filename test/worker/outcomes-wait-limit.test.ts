/**
 * The wait limit: handed off during open hours, nobody replies within `hours.waitLimitSeconds`, and the
 * object's alarm tells the visitor the desk is busy (`handoff {active: true, open: false, reason:
 * 'wait_limit'}`); the bot answers meanwhile, until a person replies.
 */
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import type { Conversation } from '../../worker/conversation/conversation';
import { realId } from './helpers';
import { askForPerson, fakeClock, siteWithHours, stubOf } from './outcomes-helpers';
import { isEnd } from './ws-helpers';

const ALL_DAY = [['00:00', '24:00']] as [string, string][];
const OPEN = { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY };
const T0 = Date.UTC(2026, 5, 10, 12, 0);

let clock: ReturnType<typeof fakeClock> | null = null;
afterEach(() => clock?.restore());

const waitDeadline = (stub: DurableObjectStub<Conversation>) =>
  runInDurableObject(stub, (o: Conversation) => o.alarms.deadlines().wait ?? null);

describe('the handoff wait limit', () => {
  it('nobody replies in time: the alarm says the desk is busy and the bot answers meanwhile', async () => {
    clock = fakeClock(T0);
    const siteKey = await siteWithHours({ timeZone: 'Europe/Berlin', weekly: OPEN, waitLimitSeconds: 120 });
    const { s, cid, frame } = await askForPerson(siteKey);
    expect(frame).toMatchObject({ active: true, reason: 'visitor_request' });
    const stub = stubOf(cid, siteKey);
    await new Promise((r) => setTimeout(r, 50));
    expect(await waitDeadline(stub)).toBe(T0 + 120_000);

    // Within the limit the conversation waits for a person: a message gets no bot turn.
    s.send({ type: 'message', id: 'm1', text: 'payment options' });
    await new Promise((r) => setTimeout(r, 200));
    expect(s.frames.some((f) => f.type === 'meta' && f.messageId === 'm1')).toBe(false);

    clock.advance(121_000);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await s.next((f) => f.type === 'handoff' && f.reason === 'wait_limit')).toMatchObject({
      type: 'handoff',
      active: true,
      open: false,
      reason: 'wait_limit',
    });
    // Still handed off (an agent may yet reply), and the bot answers.
    s.send({ type: 'message', id: 'm2', text: 'payment options' });
    expect(await s.next(isEnd('m2'))).toMatchObject({ type: 'done' });
    expect(await runInDurableObject(stub, (o: Conversation) => o.handoffActive)).toBe(true);

    // A person replies: the bot is quiet again.
    await stub.agentReply({ siteKey, conversationId: realId(cid) }, 'Sorry for the wait, Ana here.', 'Ana');
    await s.next((f) => f.type === 'agent');
    s.send({ type: 'message', id: 'm3', text: 'payment options' });
    await new Promise((r) => setTimeout(r, 200));
    expect(s.frames.some((f) => f.type === 'meta' && f.messageId === 'm3')).toBe(false);
    s.ws.close();
  });

  it('a reply before the limit cancels it: no busy frame when the alarm next fires', async () => {
    clock = fakeClock(T0);
    const siteKey = await siteWithHours({ timeZone: 'Europe/Berlin', weekly: OPEN, waitLimitSeconds: 120 });
    const { s, cid } = await askForPerson(siteKey);
    const stub = stubOf(cid, siteKey);
    await new Promise((r) => setTimeout(r, 50));
    expect(await waitDeadline(stub)).toBe(T0 + 120_000);
    clock.advance(60_000);
    await stub.agentReply({ siteKey, conversationId: realId(cid) }, 'Hello, Ana here.', 'Ana');
    await s.next((f) => f.type === 'agent');
    await new Promise((r) => setTimeout(r, 50));
    expect(await waitDeadline(stub)).toBeNull();
    clock.advance(120_000);
    await runDurableObjectAlarm(stub);
    await new Promise((r) => setTimeout(r, 100));
    expect(s.frames.some((f) => f.type === 'handoff' && f.reason === 'wait_limit')).toBe(false);
    s.ws.close();
  });
});
