/**
 * An action with side effects (`confirm: true`) waits for the visitor: the turn ends with a numbered,
 * stored `confirm` frame and the endpoint is not called; the visitor's approval (WebSocket `confirm`
 * frame, or `POST /v1/confirm` for SSE clients) runs it once and streams a new reply from its result;
 * declining runs nothing; an unknown, used or lapsed call id is a typed error.
 */
import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { ServerFrame } from '../../shared/protocol';
import type { PendingCall } from '../../worker/actions/pending';
import type { Conversation } from '../../worker/conversation/conversation';
import { actionEndpoint, actionSite, ask, endpointHits, textOf } from './actions-helpers';
import { call, conversations, framesOf, visitorPost } from './helpers';
import { connect, isEnd, newConversation } from './ws-helpers';

const cancelOrder = (url: string) => ({
  name: 'cancel_order',
  description: 'Cancel an order that has not shipped yet.',
  parameters: { type: 'object', properties: { orderId: { type: 'string' } }, required: ['orderId'] },
  endpoint: url,
  secret: 'ACTION_SECRET_TEST',
  confirm: true,
  status: { en: 'Cancelling your order…' },
});

/** A site whose model asks to cancel order 4411, and the endpoint that would do it. */
async function cancellingSite() {
  const endpoint = await actionEndpoint([{ actionBody: { message: 'Order 4411 is cancelled; the refund is on its way.' } }]);
  const site = await actionSite(
    [{ reply: '', toolCalls: [{ id: 'call_c', name: 'cancel_order', arguments: '{"orderId":"4411"}' }] }],
    [cancelOrder(endpoint.url)],
  );
  return { endpoint, site };
}

const confirmOver = (siteKey: string, conversationId: string, callId: string, approve: boolean) =>
  call(visitorPost('/v1/confirm', { siteKey, conversationId, callId, approve }));

/** A visitor asked to cancel order 4411 and was asked to confirm: the call waiting for the answer. */
async function askedToCancel() {
  const { endpoint, site } = await cancellingSite();
  const conv = newConversation();
  const { frames } = await ask(site.siteKey, 'Please cancel order 4411', undefined, conv);
  return { endpoint, site, conv, callId: String(frames.find((f) => f.type === 'confirm')?.callId) };
}

describe('a confirm action over SSE', () => {
  it('does not run until the visitor approves, then runs once and streams the reply', async () => {
    const { endpoint, site } = await cancellingSite();
    const conv = newConversation();
    const { frames } = await ask(site.siteKey, 'Please cancel order 4411', undefined, conv);
    const asked = frames.find((f) => f.type === 'confirm') as Extract<ServerFrame, { type: 'confirm' }> | undefined;
    expect(asked).toMatchObject({ action: 'cancel_order' });
    expect(asked?.summary).toContain('4411');
    expect(asked?.seq).toBeGreaterThan(0);
    expect(asked?.expiresAt).toBeGreaterThan(Date.now());
    expect(frames.at(-1)?.type).toBe('done');
    expect(await endpointHits(endpoint.id)).toHaveLength(0);

    const res = await confirmOver(site.siteKey, conv, asked?.callId ?? '', true);
    expect(res.status).toBe(200);
    const reply = (await framesOf(res)).map((e) => e.frame as ServerFrame);
    expect(reply.map((f) => f.type)).toEqual(['meta', 'status', 'delta', 'done']);
    expect(reply[1]).toMatchObject({ text: 'Cancelling your order…', action: 'cancel_order' });
    expect(textOf(reply)).toBe('Order 4411 is cancelled; the refund is on its way.');
    const hits = await endpointHits(endpoint.id);
    expect(hits).toHaveLength(1);
    expect(hits[0]?.json).toEqual({ orderId: '4411' });

    // Answered once: the same call id again is unknown, and nothing more runs.
    const again = await confirmOver(site.siteKey, conv, asked?.callId ?? '', true);
    expect(again.status).toBe(404);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('not_found');
    expect(await endpointHits(endpoint.id)).toHaveLength(1);
  });

  it('declined, it never runs and the reply says so', async () => {
    const { endpoint, site, conv, callId } = await askedToCancel();
    const res = await confirmOver(site.siteKey, conv, callId, false);
    expect(textOf((await framesOf(res)).map((e) => e.frame as ServerFrame))).toBe("OK, I haven't done that.");
    expect(await endpointHits(endpoint.id)).toHaveLength(0);
  });

  it('a lapsed confirmation is refused with conflict and does not run', async () => {
    const { endpoint, site, conv, callId } = await askedToCancel();
    const id = conversations.get(conv)?.id ?? '';
    const stub = env.CONVERSATION.get(env.CONVERSATION.idFromName(`${site.siteKey}:${id}`)) as DurableObjectStub<Conversation>;
    await runInDurableObject(stub, (o: Conversation) => {
      const waiting = JSON.parse(o.store.get('pending-calls') ?? '[]') as PendingCall[];
      o.store.set('pending-calls', JSON.stringify(waiting.map((c) => ({ ...c, expiresAt: Date.now() - 1 }))));
    });
    const res = await confirmOver(site.siteKey, conv, callId, true);
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('conflict');
    expect(await endpointHits(endpoint.id)).toHaveLength(0);
  });
});

describe('a confirm action over WebSocket', () => {
  it('runs on the visitor’s confirm frame; an unknown call id is an error frame', async () => {
    const { endpoint, site } = await cancellingSite();
    const conv = newConversation();
    const s = await connect(conv, site.siteKey);
    s.send({ type: 'message', id: 'ws-cancel', text: 'Please cancel order 4411' });
    const asked = (await s.next((f) => f.type === 'confirm')) as Extract<ServerFrame, { type: 'confirm' }>;
    await s.next(isEnd('ws-cancel'));
    expect(await endpointHits(endpoint.id)).toHaveLength(0);

    s.send({ type: 'confirm', callId: 'no-such-call', approve: true });
    expect(await s.next((f) => f.type === 'error')).toMatchObject({ type: 'error', code: 'not_found' });

    s.send({ type: 'confirm', callId: asked.callId, approve: true });
    const replyId = `confirm-${asked.callId}`;
    await s.next(isEnd(replyId));
    const reply = s.frames.filter((f) => 'messageId' in f && f.messageId === replyId);
    expect(reply.map((f) => f.type)).toEqual(['meta', 'status', 'delta', 'done']);
    expect(await endpointHits(endpoint.id)).toHaveLength(1);
    s.ws.close();

    // Stored, so a reload shows the question and its answer.
    const back = await connect(conv, site.siteKey, { resume: { afterSeq: 0 } });
    await back.next((f) => f.type === 'done' && f.messageId === replyId);
    expect(back.frames.some((f) => f.type === 'confirm' && f.callId === asked.callId)).toBe(true);
    expect(back.ready.history.map((h) => h.role)).toEqual(['visitor', 'assistant', 'assistant']);
    back.ws.close();
  });
});
