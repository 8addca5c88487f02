/**
 * A logged-in visitor on SSE: the turn's POST carries the visitor token as `Authorization: Bearer`, but an
 * EventSource cannot, so the conversation's event stream admits the conversation token on its own (it is minted
 * only to the conversation's owner). A wrong token, or another user's visitor token, is still refused.
 */
import { describe, expect, it } from 'vitest';
import type { ServerFrame } from '../../shared/protocol';
import { signVisitorToken, siteTokenSecret } from '../../worker/conversation/visitor-token';
import { call, chatRequest, framesOf, ORIGIN } from './helpers';

const ADMIN = 'admin-token-for-tests';
const MASTER = 'test-master-secret-not-real'; // VISITOR_TOKEN_SECRET of the pool (vitest.worker.config.ts)
const tokenFor = async (sub: string) => signVisitorToken(await siteTokenSecret(MASTER, 'demo'), sub, 600);

const eventsUrl = (id: string, token: string) =>
  `http://parley.test/v1/chat/events?${new URLSearchParams({ siteKey: 'demo', conversationId: id, conversationToken: token })}`;

/** Read SSE frames off a live body until one matches. */
async function nextFrame(reader: ReadableStreamDefaultReader<Uint8Array>, pred: (f: ServerFrame) => boolean): Promise<ServerFrame> {
  const dec = new TextDecoder();
  let buf = '';
  for (;;) {
    for (let end = buf.indexOf('\n\n'); end >= 0; end = buf.indexOf('\n\n')) {
      const data = /^data: (.*)$/m.exec(buf.slice(0, end))?.[1];
      buf = buf.slice(end + 2);
      const frame = data ? (JSON.parse(data) as ServerFrame) : null;
      if (frame && pred(frame)) return frame;
    }
    const { value, done } = await reader.read();
    if (done) throw new Error('stream ended');
    buf += dec.decode(value, { stream: true });
  }
}

describe('GET /v1/chat/events for a logged-in visitor', () => {
  it('admits the conversation token alone, and the agent reply arrives; a wrong token or another user is 401', async () => {
    const alice = await tokenFor('alice');
    const res = await call(
      chatRequest(
        { siteKey: 'demo', message: { id: 'li1', text: 'How long does shipping take?' } },
        { origin: ORIGIN, authorization: `Bearer ${alice}` },
      ),
    );
    expect(res.status).toBe(200);
    await framesOf(res);
    const id = res.headers.get('x-conversation-id') ?? '';
    const token = res.headers.get('x-conversation-token') ?? '';

    const stream = await call(new Request(eventsUrl(id, token), { headers: { origin: ORIGIN } }));
    expect(stream.status).toBe(200);
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    const sent = await call(
      new Request(`http://parley.test/admin/api/conversations/${id}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', origin: ORIGIN },
        body: JSON.stringify({ siteKey: 'demo', text: 'Hi Alice, Ana here.', name: 'Ana' }),
      }),
      { ADMIN_TOKEN: ADMIN },
    );
    expect(sent.status).toBe(201);
    expect(await nextFrame(reader, (f) => f.type === 'agent')).toMatchObject({ type: 'agent', text: 'Hi Alice, Ana here.', name: 'Ana' });
    await reader.cancel();

    const wrong = await call(new Request(eventsUrl(id, `${token}x`), { headers: { origin: ORIGIN } }));
    expect(wrong.status).toBe(401);
    const bob = await tokenFor('bob');
    const other = await call(new Request(eventsUrl(id, token), { headers: { origin: ORIGIN, authorization: `Bearer ${bob}` } }));
    expect(other.status).toBe(401);
    const own = await call(new Request(eventsUrl(id, token), { headers: { origin: ORIGIN, authorization: `Bearer ${alice}` } }));
    expect(own.status).toBe(200);
    await own.body?.cancel();
  });
});
