/**
 * The helpdesk relay, both ways: after a handoff, visitor messages go to the handoff webhook (signed,
 * `visitor_message`, masked), and a helpdesk answers through `POST /v1/helpdesk/reply` with the site's API
 * key, reaching the visitor on WebSocket and on the SSE event stream; another site's key is refused (403).
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { signWebhook } from '../../worker/conversation/handoff';
import { issueApiKey } from '../../worker/storage/api-keys';
import { receivedRequests } from '../fixtures/mock-client';
import { call, realId } from './helpers';
import { ASK_FOR_PERSON, eventually, followEvents, siteWithHours, sseVisitor } from './outcomes-helpers';
import { connect, newConversation } from './ws-helpers';

const reply = (key: string | null, body: unknown) =>
  call(
    new Request('http://parley.test/v1/helpdesk/reply', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify(body),
    }),
  );

const outcomeRow = (conversationId: string) =>
  env.DB.prepare('SELECT site, first_agent_reply_at FROM conversation_outcomes WHERE conversation_id = ?')
    .bind(conversationId)
    .first<{ site: string; first_agent_reply_at: number | null }>();

describe('helpdesk relay', () => {
  it('relays visitor messages after a handoff to the signed webhook and delivers the helpdesk reply on the socket', async () => {
    const cid = newConversation();
    const s = await connect(cid);
    s.send({ type: 'message', id: 'ask', text: ASK_FOR_PERSON });
    await s.next((f) => f.type === 'handoff' && f.active);
    s.send({ type: 'message', id: 'later', text: 'My email is ana@example.com, order 1234' });
    const hooks = await eventually(
      () => receivedRequests(env.MOCK_UPSTREAM, realId(cid)),
      (h) => h.length >= 2,
    );
    expect(hooks.map((h) => JSON.parse(String(h.body)).type)).toEqual(['handoff', 'visitor_message']);
    const body = String(hooks[1]?.body);
    const relayed = JSON.parse(body) as { messageId: string; text: string; conversationId: string };
    expect(relayed).toMatchObject({ messageId: 'later', conversationId: realId(cid) });
    expect(relayed.text).toContain('[EMAIL_1]');
    expect(relayed.text).not.toContain('ana@example.com');
    const sig = hooks[1]?.headers['x-parley-signature'] ?? '';
    expect(sig).toBe(await signWebhook('hook-secret-for-tests', body, Number(/t=(\d+)/.exec(sig)?.[1])));

    const { key } = await issueApiKey(env.DB, 'demo', 'helpdesk', Date.now());
    const res = await reply(key, { conversationId: realId(cid), text: 'Hi Ana, your order ships today.', name: 'Lee (Helpdesk)' });
    expect(res.status).toBe(201);
    expect(await s.next((f) => f.type === 'agent')).toMatchObject({ text: 'Hi Ana, your order ships today.', name: 'Lee (Helpdesk)' });
    // The helpdesk's reply is the first human response.
    expect(
      (
        await eventually(
          () => outcomeRow(realId(cid)),
          (r) => r?.first_agent_reply_at !== null,
        )
      )?.first_agent_reply_at,
    ).not.toBeNull();
    s.ws.close();
  });

  it('reaches an SSE visitor on the event stream; refuses another site’s key (403), no key or a bad one (401), an unknown conversation (404)', async () => {
    const c = await sseVisitor('demo', ASK_FOR_PERSON);
    const events = await followEvents(c);
    await eventually(
      () => outcomeRow(c.id),
      (r) => r !== null,
    );
    const { key } = await issueApiKey(env.DB, 'demo', 'helpdesk', Date.now());
    expect((await reply(key, { conversationId: c.id, text: 'Hello from the helpdesk.' })).status).toBe(201);
    expect(await events.next((f) => f.type === 'agent')).toMatchObject({ type: 'agent', text: 'Hello from the helpdesk.' });

    const other = await siteWithHours({ timeZone: 'UTC', weekly: {} });
    const foreign = await issueApiKey(env.DB, other, 'their helpdesk', Date.now());
    const refused = await reply(foreign.key, { conversationId: c.id, text: 'Not yours.' });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    expect((await reply(null, { conversationId: c.id, text: 'x' })).status).toBe(401);
    expect((await reply('psk_not-a-key', { conversationId: c.id, text: 'x' })).status).toBe(401);
    expect((await reply(key, { conversationId: crypto.randomUUID(), text: 'x' })).status).toBe(404);
    // A conversation that only left an offline message can be answered too.
    const quiet = newConversation();
    const q = await connect(quiet);
    q.send({ type: 'offline', email: 'cy@example.com', text: 'Call me tomorrow' });
    await q.next((f) => f.type === 'offline_received');
    expect((await reply(key, { conversationId: realId(quiet), text: 'Will do.' })).status).toBe(201);
    expect(await q.next((f) => f.type === 'agent')).toMatchObject({ text: 'Will do.' });
    q.ws.close();
    // Nothing from the refused calls reached the visitor.
    await new Promise((r) => setTimeout(r, 100));
    expect(events.frames.filter((f) => f.type === 'agent')).toHaveLength(1);
    await events.cancel();
  });
});
