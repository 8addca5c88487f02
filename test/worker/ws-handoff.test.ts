import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../worker/conversation/conversation';
import { signWebhook } from '../../worker/conversation/handoff';
import { receivedRequests, setScenario } from '../fixtures/mock-client';
import { call, ORIGIN } from './helpers';
import { connect, isEnd, newConversation } from './ws-helpers';

const ADMIN = 'admin-token-for-tests';
const admin = (path: string, init: RequestInit = {}, extraEnv = {}) =>
  call(
    new Request(`http://parley.test${path}`, {
      ...init,
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', origin: ORIGIN },
    }),
    { ADMIN_TOKEN: ADMIN, ...extraEnv },
  );

describe('human handoff', () => {
  it('a visitor asking for a person pauses the bot, signs and retries the webhook, and an agent reply reaches the visitor', async () => {
    const hookId = `hook${newConversation()}`;
    await setScenario(env.MOCK_UPSTREAM, hookId, { calls: [{ status: 503 }, { status: 200 }] });
    const hookEnv = {
      ADMIN_TOKEN: ADMIN,
      HANDOFF_WEBHOOKS: JSON.stringify({ demo: `${env.MOCK_UPSTREAM}/hook/${hookId}` }),
      HANDOFF_WEBHOOK_SECRET: 'hook-secret-for-tests',
    };
    const cid = newConversation();
    const s = await connect(cid, hookEnv);
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
    expect(JSON.parse(body)).toMatchObject({ type: 'handoff', siteKey: 'demo', conversationId: cid, reason: 'visitor_request' });
    const sig = hooks[1]?.headers['x-parley-signature'] ?? '';
    const t = Number(/t=(\d+)/.exec(sig)?.[1]);
    expect(sig).toBe(await signWebhook('hook-secret-for-tests', body, t));

    // The console lists it as waiting.
    const list = (await (await admin('/admin/api/conversations?state=handoff&siteKey=demo')).json()) as {
      conversations: { conversationId: string }[];
    };
    expect(list.conversations.map((c) => c.conversationId)).toContain(cid);

    // While in handoff the bot stays quiet: a visitor message gets no turn.
    s.send({ type: 'message', id: 'h2', text: 'payment options' });
    const agentRes = await admin(`/admin/api/conversations/${cid}/messages`, {
      method: 'POST',
      body: JSON.stringify({ siteKey: 'demo', text: 'Hi, this is Ana from support.', name: 'Ana' }),
    });
    expect(agentRes.status).toBe(201);
    expect(await s.next((f) => f.type === 'agent')).toMatchObject({ type: 'agent', text: 'Hi, this is Ana from support.', name: 'Ana' });
    expect(s.frames.some((f) => f.type === 'meta')).toBe(false);

    // Handing back: the bot answers again and the conversation leaves the queue.
    await admin(`/admin/api/conversations/${cid}/handback`, { method: 'POST', body: JSON.stringify({ siteKey: 'demo' }) });
    expect(await s.next((f) => f.type === 'handoff' && !f.active)).toMatchObject({ active: false });
    s.send({ type: 'message', id: 'h3', text: 'payment options' });
    expect(await s.next(isEnd('h3'))).toMatchObject({ type: 'done' });
    const after = (await (await admin('/admin/api/conversations?state=handoff&siteKey=demo')).json()) as {
      conversations: { conversationId: string }[];
    };
    expect(after.conversations.map((c) => c.conversationId)).not.toContain(cid);

    // The transcript holds every side of it.
    const again = await connect(cid, hookEnv);
    expect(again.ready.history.map((h) => h.role)).toEqual(['visitor', 'visitor', 'agent', 'visitor', 'assistant']);
  });

  it('a failed webhook is kept in the object with a durable alarm for the retry; a 4xx is not retried', async () => {
    const hookId = `hook${newConversation()}`;
    await setScenario(env.MOCK_UPSTREAM, hookId, { calls: [{ status: 502 }, { status: 200 }] });
    const hookEnv = {
      HANDOFF_WEBHOOKS: JSON.stringify({ demo: `${env.MOCK_UPSTREAM}/hook/${hookId}` }),
      HANDOFF_WEBHOOK_SECRET: 'hook-secret-for-tests',
    };
    const cid = newConversation();
    const s = await connect(cid, hookEnv);
    s.send({ type: 'message', id: 'w1', text: 'I want to talk to a human please' });
    await s.next((f) => f.type === 'handoff');
    const stub = env.CONVERSATION.get(env.CONVERSATION.idFromName(`demo:${cid}`)) as DurableObjectStub<Conversation>;
    const state = () =>
      runInDurableObject(stub, async (o: Conversation, ctx) => ({ pending: o.store.get('webhook'), alarm: await ctx.storage.getAlarm() }));
    let st = await state();
    for (let i = 0; i < 60 && st.alarm === null && st.pending !== null; i++) {
      await new Promise((r) => setTimeout(r, 20));
      st = await state();
    }
    // After the 502: the event waits in storage with the attempt count, and an alarm is set (unless it already ran).
    const hooks = await receivedRequests(env.MOCK_UPSTREAM, hookId);
    if (hooks.length === 1) {
      expect(JSON.parse(st.pending ?? '{}')).toMatchObject({ attempt: 1, ev: { type: 'handoff', conversationId: cid } });
      expect(st.alarm).toBeGreaterThan(Date.now() - 1000);
      await runDurableObjectAlarm(stub);
    }
    for (let i = 0; i < 100 && (await receivedRequests(env.MOCK_UPSTREAM, hookId)).length < 2; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(await receivedRequests(env.MOCK_UPSTREAM, hookId)).toHaveLength(2);
    st = await state();
    expect(st).toEqual({ pending: null, alarm: null });

    // A 400 means the endpoint refuses the event: no retry, nothing left pending.
    const refusedId = `hook${newConversation()}`;
    await setScenario(env.MOCK_UPSTREAM, refusedId, { calls: [{ status: 400 }, { status: 200 }] });
    const cid2 = newConversation();
    const s2 = await connect(cid2, { ...hookEnv, HANDOFF_WEBHOOKS: JSON.stringify({ demo: `${env.MOCK_UPSTREAM}/hook/${refusedId}` }) });
    s2.send({ type: 'message', id: 'w2', text: 'I want to talk to a human please' });
    await s2.next((f) => f.type === 'handoff');
    const stub2 = env.CONVERSATION.get(env.CONVERSATION.idFromName(`demo:${cid2}`)) as DurableObjectStub<Conversation>;
    for (let i = 0; i < 100 && (await receivedRequests(env.MOCK_UPSTREAM, refusedId)).length < 1; i++)
      await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100));
    expect(await receivedRequests(env.MOCK_UPSTREAM, refusedId)).toHaveLength(1);
    expect(await runInDurableObject(stub2, async (o: Conversation, ctx) => [o.store.get('webhook'), await ctx.storage.getAlarm()])).toEqual(
      [null, null],
    );
    s.ws.close();
    s2.ws.close();
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
    const s = await connect(cid, { ADMIN_TOKEN: ADMIN });
    s.send({ type: 'message', id: 'f1', text: 'How long does shipping take?' });
    await s.next(isEnd('f1'));
    s.send({ type: 'feedback', messageId: 'f1', rating: 'down' });
    s.send({ type: 'feedback', messageId: 'f1', rating: 'up' });
    s.send({ type: 'feedback', messageId: 'not-a-turn', rating: 'down' });
    s.send({ type: 'ping' });
    await s.next((f) => f.type === 'pong');
    const res = await admin(`/admin/api/conversations/${cid}?siteKey=demo`);
    expect(((await res.json()) as { feedback: Record<string, string> }).feedback).toEqual({ f1: 'up' });
  });
});
