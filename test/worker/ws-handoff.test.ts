import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import type { Conversation } from '../../worker/conversation/conversation';
import { signWebhook } from '../../worker/conversation/handoff';
import { receivedRequests, releaseHeld, setScenario } from '../fixtures/mock-client';
import { call, mockProvider, ORIGIN, realId } from './helpers';
import { connect, isEnd, newConversation, openWs, textOf } from './ws-helpers';

const ADMIN = 'admin-token-for-tests';
const admin = (path: string, init: RequestInit = {}, extraEnv = {}) =>
  call(
    new Request(`http://parley.test${path}`, {
      ...init,
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', origin: ORIGIN },
    }),
    { ADMIN_TOKEN: ADMIN, ...extraEnv },
  );

/**
 * The pool binds HANDOFF_WEBHOOKS for `demo` and `handoff-kettles` to the mock upstream's recorder, which
 * files each call (and takes its scripted status) under the event's conversation id, and
 * HANDOFF_WEBHOOK_SECRET to 'hook-secret-for-tests' (vitest.worker.config.ts).
 */
const hookIdOf = (conversationId: string) => realId(conversationId);
const conversationStub = (cid: string, siteKey = 'demo') =>
  env.CONVERSATION.get(env.CONVERSATION.idFromName(`${siteKey}:${realId(cid)}`)) as DurableObjectStub<Conversation>;
/** The conversation's queued webhooks and their deadline on the object's alarm (which retention shares). */
const outboxState = (stub: DurableObjectStub<Conversation>) =>
  runInDurableObject(stub, (o: Conversation) => ({ pending: o.handoff.outbox.pending(), alarm: o.alarms.deadlines().webhooks ?? null }));

describe('human handoff', () => {
  it('a visitor asking for a person pauses the bot, signs and retries the webhook, and an agent reply reaches the visitor', async () => {
    const cid = newConversation();
    const s = await connect(cid);
    const hookId = hookIdOf(cid);
    await setScenario(env.MOCK_UPSTREAM, hookId, { calls: [{ status: 503 }, { status: 200 }] });
    s.send({ type: 'message', id: 'h1', text: 'I want to talk to a human please' });
    expect(await s.next((f) => f.type === 'handoff')).toMatchObject({ active: true, reason: 'visitor_request', messageId: 'h1' });

    // The webhook is retried after the 503 and the body is signed with the site's secret.
    let hooks = await receivedRequests(env.MOCK_UPSTREAM, hookId);
    for (let i = 0; i < 60 && hooks.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 50));
      hooks = await receivedRequests(env.MOCK_UPSTREAM, hookId);
    }
    expect(hooks).toHaveLength(2);
    const body = String(hooks[1]?.body);
    expect(JSON.parse(body)).toMatchObject({ type: 'handoff', siteKey: 'demo', conversationId: realId(cid), reason: 'visitor_request' });
    const sig = hooks[1]?.headers['x-parley-signature'] ?? '';
    const t = Number(/t=(\d+)/.exec(sig)?.[1]);
    expect(sig).toBe(await signWebhook('hook-secret-for-tests', body, t));

    // The console lists it as waiting.
    const list = (await (await admin('/admin/api/conversations?state=handoff&siteKey=demo')).json()) as {
      conversations: { conversationId: string }[];
    };
    expect(list.conversations.map((c) => c.conversationId)).toContain(realId(cid));

    // While in handoff the bot stays quiet: a visitor message gets no turn.
    s.send({ type: 'message', id: 'h2', text: 'payment options' });
    const agentRes = await admin(`/admin/api/conversations/${realId(cid)}/messages`, {
      method: 'POST',
      body: JSON.stringify({ siteKey: 'demo', text: 'Hi, this is Ana from support.', name: 'Ana' }),
    });
    expect(agentRes.status).toBe(201);
    expect(await s.next((f) => f.type === 'agent')).toMatchObject({ type: 'agent', text: 'Hi, this is Ana from support.', name: 'Ana' });
    expect(s.frames.some((f) => f.type === 'meta')).toBe(false);

    // Handing back: the bot answers again and the conversation leaves the queue.
    await admin(`/admin/api/conversations/${realId(cid)}/handback`, { method: 'POST', body: JSON.stringify({ siteKey: 'demo' }) });
    expect(await s.next((f) => f.type === 'handoff' && !f.active)).toMatchObject({ active: false });
    s.send({ type: 'message', id: 'h3', text: 'payment options' });
    expect(await s.next(isEnd('h3'))).toMatchObject({ type: 'done' });
    const after = (await (await admin('/admin/api/conversations?state=handoff&siteKey=demo')).json()) as {
      conversations: { conversationId: string }[];
    };
    expect(after.conversations.map((c) => c.conversationId)).not.toContain(realId(cid));

    // The transcript holds every side of it.
    const again = await connect(cid);
    expect(again.ready.history.map((h) => h.role)).toEqual(['visitor', 'visitor', 'agent', 'visitor', 'assistant']);
  });

  it('a failed webhook is kept in the object with a durable alarm for the retry; a 4xx is not retried', async () => {
    const cid = newConversation();
    const s = await connect(cid);
    const hookId = hookIdOf(cid);
    await setScenario(env.MOCK_UPSTREAM, hookId, { calls: [{ status: 502 }, { status: 200 }] });
    s.send({ type: 'message', id: 'w1', text: 'I want to talk to a human please' });
    await s.next((f) => f.type === 'handoff');
    const stub = conversationStub(cid);
    const state = () => outboxState(stub);
    let st = await state();
    for (let i = 0; i < 60 && st.alarm === null && st.pending.length > 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      st = await state();
    }
    // After the 502: the event waits in storage with the attempt count, and an alarm is set (unless it already ran).
    const hooks = await receivedRequests(env.MOCK_UPSTREAM, hookId);
    if (hooks.length === 1) {
      expect(st.pending).toMatchObject([{ attempt: 1, ev: { type: 'handoff', conversationId: realId(cid) } }]);
      expect(st.alarm).toBeGreaterThan(Date.now() - 1000);
      await runDurableObjectAlarm(stub);
    }
    for (let i = 0; i < 100 && (await receivedRequests(env.MOCK_UPSTREAM, hookId)).length < 2; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(await receivedRequests(env.MOCK_UPSTREAM, hookId)).toHaveLength(2);
    st = await state();
    expect(st).toEqual({ pending: [], alarm: null });

    // A 400 means the endpoint refuses the event: no retry, nothing left pending.
    const cid2 = newConversation();
    const s2 = await connect(cid2);
    const refusedId = hookIdOf(cid2);
    await setScenario(env.MOCK_UPSTREAM, refusedId, { calls: [{ status: 400 }, { status: 200 }] });
    s2.send({ type: 'message', id: 'w2', text: 'I want to talk to a human please' });
    await s2.next((f) => f.type === 'handoff');
    const stub2 = conversationStub(cid2);
    for (let i = 0; i < 100 && (await receivedRequests(env.MOCK_UPSTREAM, refusedId)).length < 1; i++)
      await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100));
    expect(await receivedRequests(env.MOCK_UPSTREAM, refusedId)).toHaveLength(1);
    expect(
      await runInDurableObject(stub2, (o: Conversation) => [o.handoff.outbox.pending(), o.alarms.deadlines().webhooks ?? null]),
    ).toEqual([[], null]);
    s.ws.close();
    s2.ws.close();
  });

  it('a second handoff while the first webhook waits for its retry: both are delivered, in order, once the endpoint recovers', async () => {
    const cid = newConversation();
    const s = await connect(cid);
    const hookId = hookIdOf(cid);
    await setScenario(env.MOCK_UPSTREAM, hookId, { calls: [{ status: 503 }] }); // down until the scenario is replaced
    // First handoff: an agent joins on their own; the announcement fails and waits for its retry alarm.
    const post = (path: string, body: unknown) =>
      admin(`/admin/api/conversations/${realId(cid)}/${path}`, { method: 'POST', body: JSON.stringify(body) });
    expect((await post('messages', { siteKey: 'demo', text: 'Hi, Ana here.' })).status).toBe(201);
    for (let i = 0; i < 100 && (await receivedRequests(env.MOCK_UPSTREAM, hookId)).length < 1; i++)
      await new Promise((r) => setTimeout(r, 20));
    // The agent hands back, and the visitor asks for a person again: a second handoff in the same conversation.
    await post('handback', { siteKey: 'demo' });
    await s.next((f) => f.type === 'handoff' && !f.active);
    s.send({ type: 'message', id: 'q2', text: 'I want to talk to a human please' });
    await s.next((f) => f.type === 'handoff' && f.active && f.reason === 'visitor_request');
    const stub = conversationStub(cid);
    const state = () => outboxState(stub);
    // Both wait, in order, each with its own attempt count: the first has been tried, the second waits behind it.
    const waiting = await state();
    expect(waiting.pending.map((p) => ['reason' in p.ev ? p.ev.reason : p.ev.type, p.attempt > 0])).toEqual([
      ['agent', true],
      ['visitor_request', false],
    ]);
    expect(waiting.alarm).not.toBeNull();

    // The endpoint recovers (the scenario is replaced, which also forgets what was received); the alarm drives the retries.
    await setScenario(env.MOCK_UPSTREAM, hookId, { calls: [{ status: 200 }] });
    for (let i = 0; i < 100 && (await receivedRequests(env.MOCK_UPSTREAM, hookId)).length < 2; i++) {
      await runDurableObjectAlarm(stub);
      await new Promise((r) => setTimeout(r, 20));
    }
    const bodies = (await receivedRequests(env.MOCK_UPSTREAM, hookId)).map((h) => JSON.parse(String(h.body)) as { reason: string });
    expect(bodies.map((b) => b.reason)).toEqual(['agent', 'visitor_request']);
    expect(await state()).toEqual({ pending: [], alarm: null });
    s.ws.close();
  });

  it('an event stored in the old single-webhook format is still delivered, before a newer handoff', async () => {
    const cid = newConversation();
    const s = await connect(cid);
    const hookId = hookIdOf(cid);
    await setScenario(env.MOCK_UPSTREAM, hookId, { calls: [{ status: 200 }] });
    const stub = conversationStub(cid);
    // An event in the single-webhook format: one event under 'webhook', tried twice, and its retry alarm.
    const old = { type: 'handoff', siteKey: 'demo', conversationId: realId(cid), reason: 'intent', at: 1 };
    await runInDurableObject(stub, async (o: Conversation, ctx) => {
      o.store.set('webhook', JSON.stringify({ ev: old, attempt: 2 }));
      await ctx.storage.setAlarm(Date.now() + 60_000);
    });
    s.send({ type: 'message', id: 'm1', text: 'I want to talk to a human please' });
    await s.next((f) => f.type === 'handoff' && f.active);
    const state = () =>
      runInDurableObject(stub, (o: Conversation) => ({
        old: o.store.get('webhook'),
        pending: o.handoff.outbox.pending(),
        alarm: o.alarms.deadlines().webhooks ?? null,
      }));
    // Migrated to the queue's head with its attempt count; the new event waits behind it for the alarm.
    expect((await state()).pending.map((p) => ['reason' in p.ev ? p.ev.reason : p.ev.type, p.attempt])).toEqual([
      ['intent', 2],
      ['visitor_request', 0],
    ]);
    await runDurableObjectAlarm(stub);
    for (let i = 0; i < 100 && (await receivedRequests(env.MOCK_UPSTREAM, hookId)).length < 2; i++)
      await new Promise((r) => setTimeout(r, 20));
    const bodies = (await receivedRequests(env.MOCK_UPSTREAM, hookId)).map((h) => JSON.parse(String(h.body)) as unknown);
    expect(bodies).toMatchObject([old, { reason: 'visitor_request', conversationId: realId(cid) }]);
    expect(await state()).toEqual({ old: null, pending: [], alarm: null });
    s.ws.close();
  });

  it('an agent who joins while a handoff intent’s reply is streaming is the one handoff: the turn’s end announces no second', async () => {
    // The model sends its first word, then holds the stream until the test releases it.
    const REPLY = 'We have noted your warranty claim and a colleague will follow up.';
    const mock = await mockProvider({ calls: [{ reply: REPLY, holdAfterChunks: 1 }] });
    // A published site whose handoff intent has no canned answer, so its turn streams from the model.
    const siteKey = 'handoff-kettles';
    const intent = { id: 'warranty', label: 'Warranty claim', keywords: ['warranty'], handoff: true };
    expect(
      (
        await admin('/admin/api/sites', {
          method: 'POST',
          body: JSON.stringify({ key: siteKey, name: 'Kettles', origins: ['localhost'], intents: [intent], tiers: mock.tiers }),
        })
      ).status,
    ).toBe(201);
    expect((await admin(`/admin/api/sites/${siteKey}/publish`, { method: 'POST' })).status).toBe(200);
    const cid = newConversation();
    const s = await openWs({ siteKey, conversationId: cid });
    s.send({ type: 'hello', protocol: PROTOCOL_VERSION, siteKey, conversationId: cid });
    await s.next((f) => f.type === 'ready');
    const hookId = hookIdOf(cid);
    await setScenario(env.MOCK_UPSTREAM, hookId, { calls: [{ status: 200 }] });

    s.send({ type: 'message', id: 'k1', text: 'My kettle stopped working, how do I make a warranty claim?' });
    expect(await s.next((f) => f.type === 'meta')).toMatchObject({
      messageId: 'k1',
      intent: 'warranty',
      handoff: true,
      provider: 'openai',
    });
    await s.next((f) => f.type === 'delta' && f.messageId === 'k1');
    // Mid-stream, an agent replies: that takes the conversation into handoff now.
    const post = await admin(`/admin/api/conversations/${realId(cid)}/messages`, {
      method: 'POST',
      body: JSON.stringify({ siteKey, text: 'Hi, Ana here, I will take it from here.', name: 'Ana' }),
    });
    expect(post.status).toBe(201);
    expect(await s.next((f) => f.type === 'agent')).toMatchObject({ text: 'Hi, Ana here, I will take it from here.', name: 'Ana' });
    expect(await releaseHeld(env.MOCK_UPSTREAM, mock.id)).toBe(1);
    expect(await s.next(isEnd('k1'))).toMatchObject({ type: 'done', finish: 'stop' });

    // The turn's last step (after `done`) has run once the object no longer holds it; a pong then follows any frame it sent.
    const stub = conversationStub(cid, siteKey);
    const running = () => runInDurableObject(stub, (o: Conversation) => o.runningMessageId !== null);
    for (let i = 0; i < 100 && (await running()); i++) await new Promise((r) => setTimeout(r, 10));
    expect(await running()).toBe(false);
    s.send({ type: 'ping' });
    await s.next((f) => f.type === 'pong');
    const handoffs = s.frames.filter((f) => f.type === 'handoff');
    expect(handoffs, 'handoff frames the visitor received').toMatchObject([{ active: true, reason: 'agent' }]);
    expect(textOf(s.frames, 'k1')).toBe(REPLY);
    expect(await receivedRequests(env.MOCK_UPSTREAM, mock.id)).toHaveLength(1);

    // Every queued webhook delivered: the agent's, and no second one.
    let st = await outboxState(stub);
    for (let i = 0; i < 100 && (st.pending.length > 0 || st.alarm !== null); i++) {
      await new Promise((r) => setTimeout(r, 20));
      st = await outboxState(stub);
    }
    expect(st).toEqual({ pending: [], alarm: null });
    const hooks = (await receivedRequests(env.MOCK_UPSTREAM, hookId)).map((h) => JSON.parse(String(h.body)) as { reason: string });
    expect(hooks, 'handoff webhooks delivered').toMatchObject([{ reason: 'agent', siteKey, conversationId: realId(cid) }]);
    const queue = (await (await admin(`/admin/api/conversations?state=handoff&siteKey=${siteKey}`)).json()) as {
      conversations: { conversationId: string; reason: string }[];
    };
    expect(queue.conversations).toMatchObject([{ conversationId: realId(cid), reason: 'agent' }]);

    // The bot's reply is kept whole, after the agent's message it overlapped.
    const summary = (await (await admin(`/admin/api/conversations/${realId(cid)}?siteKey=${siteKey}`)).json()) as {
      handoff: boolean;
      history: { role: string; text: string; finish?: string }[];
    };
    expect(summary.handoff).toBe(true);
    expect(summary.history).toMatchObject([
      { role: 'visitor' },
      { role: 'agent', text: 'Hi, Ana here, I will take it from here.' },
      { role: 'assistant', text: REPLY, finish: 'stop' },
    ]);
    s.ws.close();
  });

  it('agent routes need an admin or editor token', async () => {
    const res = await call(
      new Request('http://parley.test/admin/api/conversations/abc/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ siteKey: 'demo', text: 'hi' }),
      }),
      { ADMIN_TOKEN: ADMIN },
    );
    expect(res.status).toBe(401);
  });
});

describe('feedback', () => {
  it('a thumbs up or down on a reply is kept with the conversation and shown to agents', async () => {
    const cid = newConversation();
    const s = await connect(cid);
    s.send({ type: 'message', id: 'f1', text: 'How long does shipping take?' });
    await s.next(isEnd('f1'));
    s.send({ type: 'feedback', messageId: 'f1', rating: 'down' });
    s.send({ type: 'feedback', messageId: 'f1', rating: 'up' });
    s.send({ type: 'feedback', messageId: 'not-a-turn', rating: 'down' });
    s.send({ type: 'ping' });
    await s.next((f) => f.type === 'pong');
    const res = await admin(`/admin/api/conversations/${realId(cid)}?siteKey=demo`);
    expect(((await res.json()) as { feedback: Record<string, string> }).feedback).toEqual({ f1: 'up' });
  });
});
