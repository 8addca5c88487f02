import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES, PROTOCOL_VERSION } from '../../shared/protocol';
import { limitsOf } from '../../worker/conversation/config';
import type { Conversation } from '../../worker/conversation/conversation';
import { signVisitorToken, siteTokenSecret } from '../../worker/conversation/visitor-token';
import { DEMO_SITE } from '../../worker/seed/demo-site';
import { call, mockProvider, publishSite } from './helpers';
import { connect, isEnd, newConversation, openWs } from './ws-helpers';

/** The pool's VISITOR_TOKEN_SECRET binding (vitest.worker.config.ts), which the Worker and the objects both read. */
const MASTER = 'test-master-secret-not-real';
const upgrade = (headers: Record<string, string>, query = 'siteKey=demo') =>
  call(new Request(`http://parley.test/v1/ws?${query}`, { headers: { upgrade: 'websocket', ...headers } }));

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
    const s = await openWs({ conversationId: cid });
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

  it("answers rate_limited with retryAfter past the site's per-minute limit", async () => {
    const site = await publishSite({ ...DEMO_SITE, key: `two-per-minute-${newConversation()}`, limits: { messagesPerMinute: 2 } });
    const s = await connect(newConversation(), site.key);
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
    const s = await connect(newConversation(), mock.siteKey);
    // A question no intent answers, so the (slow) model writes the reply rather than a canned answer.
    s.send({ type: 'message', id: 'a', text: 'Tell me a story about the moon' });
    await s.next((f) => f.type === 'meta');
    s.send({ type: 'message', id: 'b', text: 'two' });
    expect(await s.next(isEnd('b'))).toMatchObject({ type: 'error', code: 'conflict', retryable: true });
    expect(await s.next(isEnd('a'))).toMatchObject({ type: 'done' });
  });

  it('refuses messages past the conversation length limit (400 by default)', async () => {
    const s = await connect(newConversation());
    // 398 earlier messages in the object's own store: the next turn (visitor + reply) fills it.
    await runInDurableObject(env.CONVERSATION.get(env.CONVERSATION.idFromName(`demo:${s.ready.conversationId}`)), (o: Conversation) => {
      for (let i = 0; i < 398; i++)
        o.store.addMessage({ role: i % 2 ? 'assistant' : 'visitor', id: `old-${i}`, text: 'earlier', at: Date.now() });
    });
    s.send({ type: 'message', id: 'a', text: 'payment options' });
    await s.next(isEnd('a'));
    s.send({ type: 'message', id: 'b', text: 'payment options' });
    expect(await s.next(isEnd('b'))).toMatchObject({ type: 'error', code: 'quota_exceeded', retryable: false });
  });
});

describe('deployment overrides of the limits', () => {
  const site = { messagesPerMinute: 20, maxMessageChars: 4000 };
  const cases: { env: Record<string, string>; want: ReturnType<typeof limitsOf> }[] = [
    { env: {}, want: { perMinute: 20, maxMessages: 400, maxChars: 4000 } },
    { env: { VISITOR_MSGS_PER_MIN: '2' }, want: { perMinute: 2, maxMessages: 400, maxChars: 4000 } },
    { env: { CONVERSATION_MAX_MESSAGES: '2' }, want: { perMinute: 20, maxMessages: 2, maxChars: 4000 } },
    { env: { VISITOR_MSGS_PER_MIN: 'many', CONVERSATION_MAX_MESSAGES: '-1' }, want: { perMinute: 20, maxMessages: 400, maxChars: 4000 } },
  ];
  for (const c of cases) {
    it(`${JSON.stringify(c.env)} → ${JSON.stringify(c.want)}`, () => {
      expect(limitsOf(c.env, site)).toEqual(c.want);
    });
  }
});
