import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { receivedRequests } from '../fixtures/mock-client';
import { parseSse } from '../fixtures/sse';
import { call, chatRequest, framesOf, mockProvider, ORIGIN } from './helpers';
import { connect, newConversation, textOf } from './ws-helpers';

const REPLY = 'Refunds reach your card within five to seven business days after we receive the parcel back.';

describe('SSE runs on the same conversation objects', () => {
  it('a reconnecting SSE client with Last-Event-ID gets exactly the frames it missed', async () => {
    const mock = await mockProvider({ calls: [{ reply: REPLY, paceMs: 25 }] });
    const conversationId = newConversation();
    const body = { siteKey: mock.siteKey, conversationId, message: { id: 'm1', text: 'Tell me a story about the moon' } };
    const first = await call(chatRequest(body));
    const reader = first.body?.getReader();
    if (!reader) throw new Error('no body');
    let got = '';
    const dec = new TextDecoder();
    while ((got.match(/event: delta/g) ?? []).length < 3) got += dec.decode((await reader.read()).value);
    await reader.cancel();
    const seen = parseSse(got.slice(0, got.lastIndexOf('\n\n') + 2));
    const lastId = seen.at(-1)?.id ?? '0';
    const again = await call(chatRequest(body, { origin: ORIGIN, 'last-event-id': lastId }));
    const rest = await framesOf(again);
    const ids = [...seen, ...rest].map((f) => Number(f.id));
    expect(ids).toEqual(ids.map((_, i) => i + 1));
    expect(
      textOf(
        [...seen, ...rest].map((f) => f.frame),
        'm1',
      ),
    ).toBe(REPLY);
    expect(rest.at(-1)?.frame).toMatchObject({ type: 'done', finish: 'stop' });
    expect(await receivedRequests(env.MOCK_UPSTREAM, mock.id)).toHaveLength(1);
  });

  it('history and context are shared between SSE and WebSocket', async () => {
    const mock = await mockProvider({ calls: [{ reply: 'Over SSE.' }, { reply: 'Over WebSocket.' }] });
    const conversationId = newConversation();
    await framesOf(await call(chatRequest({ siteKey: mock.siteKey, conversationId, message: { id: 's1', text: 'first' } })));
    const ws = await connect(conversationId, mock.siteKey);
    expect(ws.ready.history.map((h) => h.text)).toEqual(['first', 'Over SSE.']);
    ws.send({ type: 'message', id: 'w1', text: 'second' });
    await ws.next((f) => f.type === 'done');
    const [, second] = await receivedRequests(env.MOCK_UPSTREAM, mock.id);
    const msgs = ((second?.body as { messages: { content: string }[] } | undefined)?.messages ?? []).map((m) => m.content);
    expect(msgs.slice(1)).toEqual(['first', 'Over SSE.', 'second']);
  });
});
