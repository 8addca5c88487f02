import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
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
