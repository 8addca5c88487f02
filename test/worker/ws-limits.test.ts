import { describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES, PROTOCOL_VERSION } from '../../shared/protocol';
import { signVisitorToken, siteTokenSecret } from '../../worker/conversation/visitor-token';
import { call, mockProvider } from './helpers';
import { connect, isEnd, newConversation, openWs } from './ws-helpers';

const MASTER = 'test-master-secret-not-real';
const tokenEnv = { VISITOR_TOKEN_SECRET: MASTER };
const upgrade = (headers: Record<string, string>, query = 'siteKey=demo') =>
  call(new Request(`http://parley.test/v1/ws?${query}`, { headers: { upgrade: 'websocket', ...headers } }), tokenEnv);

describe('who may open a conversation socket', () => {
  it('an app with a valid visitor token is upgraded and known by the token subject', async () => {
    const token = await signVisitorToken(await siteTokenSecret(MASTER, 'demo'), 'user-42', 300);
    const res = await upgrade({ authorization: `Bearer ${token}` });
    expect(res.status).toBe(101);
    res.webSocket?.accept();
    res.webSocket?.close();
  });

  const refused: [string, () => Promise<Record<string, string>>][] = [
    ['no token and no Origin', async () => ({})],
    ['a token signed with another secret', async () => ({ authorization: `Bearer ${await signVisitorToken('forged', 'user-42', 300)}` })],
    [
      'a token of another site',
      async () => ({ authorization: `Bearer ${await signVisitorToken(await siteTokenSecret(MASTER, 'other'), 'u', 300)}` }),
    ],
    [
      'an expired token',
      async () => ({
        authorization: `Bearer ${await signVisitorToken(await siteTokenSecret(MASTER, 'demo'), 'u', 60, Math.floor(Date.now() / 1000) - 3600)}`,
      }),
    ],
  ];
  for (const [name, headers] of refused) {
    it(`refuses ${name} with HTTP 401`, async () => {
      const res = await upgrade(await headers());
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
    });
  }

  it('refuses a page whose Origin the site does not allow', async () => {
    const res = await upgrade({ origin: 'https://evil.example' });
    expect(res.status).toBe(403);
  });

  it('closes with 1008 when hello carries a forged token', async () => {
    const cid = newConversation();
    const s = await openWs({ conversationId: cid }, tokenEnv);
    s.send({ type: 'hello', protocol: PROTOCOL_VERSION, siteKey: 'demo', visitorToken: await signVisitorToken('forged', 'u', 300) });
    expect(await s.closed).toMatchObject({ code: 1008 });
    expect(s.frames[0]).toMatchObject({ type: 'error', code: 'unauthorized' });
  });

  it('tells an old app its protocol is unsupported and closes 4426', async () => {
    const s = await openWs({ conversationId: newConversation() });
    s.send({ type: 'hello', protocol: 99, siteKey: 'demo' });
    expect(await s.closed).toMatchObject({ code: 4426 });
    expect(s.frames[0]).toMatchObject({ type: 'error', code: 'unsupported_protocol' });
  });

  it('closes 4400 when the first frame is not hello', async () => {
    const s = await openWs({ conversationId: newConversation() });
    s.send({ type: 'message', id: 'm', text: 'hi' });
    expect(await s.closed).toMatchObject({ code: 4400 });
  });
});

describe('limits', () => {
  it('closes 1009 on a frame over the size limit', async () => {
    const s = await connect(newConversation());
    s.send({ type: 'message', id: 'big', text: 'x'.repeat(MAX_FRAME_BYTES) });
    expect(await s.closed).toMatchObject({ code: 1009 });
    expect(s.frames.at(-1)).toMatchObject({ type: 'error', code: 'too_large' });
  });

  it('answers rate_limited with retryAfter past the per-minute limit', async () => {
    const s = await connect(newConversation(), { VISITOR_MSGS_PER_MIN: '2' });
    for (const id of ['a', 'b']) {
      s.send({ type: 'message', id, text: 'payment options' });
      await s.next(isEnd(id));
    }
    s.send({ type: 'message', id: 'c', text: 'payment options' });
    const err = await s.next(isEnd('c'));
    expect(err).toMatchObject({ type: 'error', code: 'rate_limited', retryable: true });
    expect(err.type === 'error' && err.retryAfter).toBeGreaterThan(0);
  });

  it('runs one turn at a time per conversation', async () => {
    const mock = await mockProvider({ calls: [{ reply: 'slow reply with several words', paceMs: 80 }] });
    const s = await connect(newConversation(), mock.env);
    s.send({ type: 'message', id: 'a', text: 'one' });
    await s.next((f) => f.type === 'meta');
    s.send({ type: 'message', id: 'b', text: 'two' });
    expect(await s.next(isEnd('b'))).toMatchObject({ type: 'error', code: 'conflict', retryable: true });
    expect(await s.next(isEnd('a'))).toMatchObject({ type: 'done' });
  });

  it('refuses messages past the conversation length limit', async () => {
    const s = await connect(newConversation(), { CONVERSATION_MAX_MESSAGES: '2' });
    s.send({ type: 'message', id: 'a', text: 'payment options' });
    await s.next(isEnd('a'));
    s.send({ type: 'message', id: 'b', text: 'payment options' });
    expect(await s.next(isEnd('b'))).toMatchObject({ type: 'error', code: 'quota_exceeded', retryable: false });
  });
});
