/**
 * Offline capture: an `offline` frame (WebSocket) or `POST /v1/offline` (SSE clients) stores the email and
 * the masked message in the offline record, acknowledges with a numbered `offline_received`, lists it in
 * the admin API for agents of that site only, sends it to the signed handoff webhook, and keeps the email
 * out of the transcript; erasing the conversation deletes the record.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { signWebhook } from '../../worker/conversation/handoff';
import { receivedRequests } from '../fixtures/mock-client';
import { admin, tokenFor } from './admin-helpers';
import { call, realId, visitorPost } from './helpers';
import { eventually, followEvents, siteWithHours, sseVisitor, stubOf } from './outcomes-helpers';
import { connect, newConversation } from './ws-helpers';

interface Listed {
  messages: { conversationId: string; email: string; text: string; siteKey: string }[];
}

describe('offline messages', () => {
  it('over WebSocket: stored with the email, masked text, acknowledged, listed for agents, signed to the webhook', async () => {
    const cid = newConversation();
    const s = await connect(cid);
    s.send({ type: 'offline', email: 'ana@example.com', text: 'Please call me back on +44 20 7946 0958 about my order' });
    const ack = await s.next((f) => f.type === 'offline_received');
    expect((ack as { seq: number }).seq).toBeGreaterThan(0);

    // Listed for an agent of the site, with the email (how the team answers) and the phone masked.
    const agent = await tokenFor('agent', { sites: ['demo'] });
    const res = await admin('GET', '/offline?siteKey=demo', agent.token);
    expect(res.status).toBe(200);
    const mine = ((await res.json()) as Listed).messages.filter((m) => m.conversationId === realId(cid));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ siteKey: 'demo', email: 'ana@example.com' });
    expect(mine[0]?.text).toContain('[PHONE_1]');
    expect(mine[0]?.text).not.toContain('7946');
    // An agent of another site may not list them.
    const elsewhere = await siteWithHours({ timeZone: 'UTC', weekly: {} });
    const stranger = await tokenFor('agent', { sites: [elsewhere] });
    expect((await admin('GET', '/offline?siteKey=demo', stranger.token)).status).toBe(403);

    // The webhook got it, signed.
    const hooks = await eventually(
      () => receivedRequests(env.MOCK_UPSTREAM, realId(cid)),
      (h) => h.length >= 1,
    );
    const body = String(hooks[0]?.body);
    expect(JSON.parse(body)).toMatchObject({ type: 'offline', siteKey: 'demo', conversationId: realId(cid), email: 'ana@example.com' });
    expect(JSON.parse(body).text).not.toContain('7946');
    const sig = hooks[0]?.headers['x-parley-signature'] ?? '';
    expect(sig).toBe(await signWebhook('hook-secret-for-tests', body, Number(/t=(\d+)/.exec(sig)?.[1])));

    // The transcript keeps the masked text and never the email.
    const summary = await stubOf(cid).summary({ siteKey: 'demo', conversationId: realId(cid) });
    const entry = summary.history.find((h) => h.id.startsWith('offline-'));
    expect(entry?.text).toContain('[PHONE_1]');
    expect(JSON.stringify(summary.history)).not.toContain('ana@example.com');

    // Erasing the conversation deletes the record.
    await stubOf(cid).erase();
    const after = ((await (await admin('GET', '/offline?siteKey=demo', agent.token)).json()) as Listed).messages;
    expect(after.filter((m) => m.conversationId === realId(cid))).toEqual([]);
    s.ws.close();
  });

  it('retention deletes offline messages older than the window with the rest of the conversation', async () => {
    const cid = newConversation();
    const s = await connect(cid);
    s.send({ type: 'offline', email: 'old@example.com', text: 'An old message' });
    await s.next((f) => f.type === 'offline_received');
    const stub = stubOf(cid);
    const rows = () =>
      env.DB.prepare('SELECT email FROM offline_messages WHERE conversation_id = ?')
        .bind(realId(cid))
        .all<{ email: string }>()
        .then((r) => r.results.map((m) => m.email));
    expect(await rows()).toEqual(['old@example.com']);
    // The record is past the window while the conversation's transcript is not: the record alone goes.
    const cutoff = Date.now() - 72 * 3_600_000;
    await stub.purgeBefore(cutoff);
    expect(await rows()).toEqual(['old@example.com']);
    await env.DB.prepare('UPDATE offline_messages SET at = ? WHERE conversation_id = ?')
      .bind(cutoff - 1, realId(cid))
      .run();
    expect(await stub.purgeBefore(cutoff)).toBe(0);
    expect(await rows()).toEqual([]);
    expect((await stub.summary({ siteKey: 'demo', conversationId: realId(cid) })).history).toHaveLength(1);
    s.ws.close();
  });

  it('over HTTP for SSE clients: the token is checked, the acknowledgement comes on the event stream, the export has it', async () => {
    const c = await sseVisitor();
    const events = await followEvents(c);
    const leave = (token: string) =>
      call(
        visitorPost('/v1/offline', {
          siteKey: 'demo',
          conversationId: c.id,
          conversationToken: token,
          email: 'bo@example.org',
          text: 'Back tomorrow?',
        }),
      );
    const other = await sseVisitor();
    expect((await leave(other.token)).status).toBe(401);
    expect((await leave(c.token)).status).toBe(204);
    expect(await events.next((f) => f.type === 'offline_received')).toMatchObject({ type: 'offline_received' });
    const bad = await call(
      visitorPost('/v1/offline', { siteKey: 'demo', conversationId: c.id, conversationToken: c.token, email: 'nope', text: 'x' }),
    );
    expect(bad.status).toBe(400);
    const stub = env.CONVERSATION.get(env.CONVERSATION.idFromName(`demo:${c.id}`));
    const dump = await stub.exportData();
    expect(dump.offline_messages).toMatchObject([{ email: 'bo@example.org', text: 'Back tomorrow?' }]);
    await events.cancel();
  });
});
