/**
 * Conversations belong to their visitor: the server mints every id with a conversation token, and a stranger
 * holding only an id (from a console listing, a shared device, a log) can neither read, write nor rate it, over
 * WebSocket, SSE or feedback. A verified user's conversation admits only that `sub`. Placeholders are restored
 * only for the owner, from their own messages, and the transcript keeps masked text.
 */
import { env, listDurableObjectIds, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type ServerFrame } from '../../shared/protocol';
import type { Conversation } from '../../worker/conversation/conversation';
import { signVisitorToken, siteTokenSecret } from '../../worker/conversation/visitor-token';
import { call, chatRequest, framesOf, mockProvider, ORIGIN } from './helpers';
import { isEnd, openWs, textOf } from './ws-helpers';

type Ready = Extract<ServerFrame, { type: 'ready' }>;
const MASTER = 'test-master-secret-not-real'; // VISITOR_TOKEN_SECRET of the pool (vitest.worker.config.ts)
const tokenFor = async (siteKey: string, sub: string) => signVisitorToken(await siteTokenSecret(MASTER, siteKey), sub, 600);
const objectOf = (siteKey: string, id: string) =>
  env.CONVERSATION.get(env.CONVERSATION.idFromName(`${siteKey}:${id}`)) as DurableObjectStub<Conversation>;
const messagesOf = (siteKey: string, id: string) => runInDurableObject(objectOf(siteKey, id), (o: Conversation) => o.store.history(1000));

/** Start a conversation over SSE (the server mints it) and return its id and token. */
async function startOverSse(siteKey: string, text: string, headers: Record<string, string> = { origin: ORIGIN }) {
  const res = await call(chatRequest({ siteKey, message: { id: 'owner-1', text } }, headers));
  expect(res.status).toBe(200);
  const frames = (await framesOf(res)).map((e) => e.frame as ServerFrame);
  const id = res.headers.get('x-conversation-id') ?? '';
  const token = res.headers.get('x-conversation-token') ?? '';
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  expect(token.length).toBeGreaterThan(64);
  return { id, token, frames };
}

/** A raw upgrade (no test naming): the HTTP status, and the socket when upgraded. */
async function upgrade(query: Record<string, string>, headers: Record<string, string> = { origin: ORIGIN }) {
  const res = await call(
    new Request(`http://parley.test/v1/ws?${new URLSearchParams({ siteKey: 'demo', ...query })}`, {
      headers: { upgrade: 'websocket', ...headers },
    }),
  );
  return res.status;
}

describe('a stranger holding only a conversation id', () => {
  it('cannot read it over WebSocket: no token, a wrong token or another conversation’s token is refused before the upgrade', async () => {
    const victim = await startOverSse('demo', 'How long does shipping take?');
    const other = await startOverSse('demo', 'When are you open?');
    expect(await upgrade({ conversationId: victim.id })).toBe(401);
    expect(await upgrade({ conversationId: victim.id, conversationToken: `${victim.token.slice(0, -4)}beef` })).toBe(401);
    expect(await upgrade({ conversationId: victim.id, conversationToken: other.token })).toBe(401);
    // The owner's token does open it, and hello resume from 0 replays the whole history to the owner.
    const s = await openWs({ conversationId: victim.id, conversationToken: victim.token });
    s.send({ type: 'hello', protocol: PROTOCOL_VERSION, siteKey: 'demo', conversationId: victim.id, conversationToken: victim.token });
    const ready = (await s.next((f) => f.type === 'ready')) as Ready;
    expect(ready.history.map((h) => h.role)).toEqual(['visitor', 'assistant']);
  });

  it('cannot write into it over SSE: refused with unauthorized, and the transcript is unchanged', async () => {
    const victim = await startOverSse('demo', 'How long does shipping take?');
    const before = await messagesOf('demo', victim.id);
    for (const conversationToken of [undefined, 'bm90LWEtdG9rZW4.00', victim.token.replace(/.$/, (c) => (c === '0' ? '1' : '0'))]) {
      const res = await call(
        chatRequest({ siteKey: 'demo', conversationId: victim.id, conversationToken, message: { id: 'stranger-1', text: 'hello' } }),
      );
      expect(res.status, `token ${conversationToken}`).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
    expect(await messagesOf('demo', victim.id)).toEqual(before);
  });

  it('cannot rate its replies: feedback without the token is unauthorized, with it 204', async () => {
    const victim = await startOverSse('demo', 'How long does shipping take?');
    const rate = (body: Record<string, unknown>) =>
      call(
        new Request('http://parley.test/v1/feedback', {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: ORIGIN },
          body: JSON.stringify({ siteKey: 'demo', conversationId: victim.id, messageId: 'owner-1', rating: 'down', ...body }),
        }),
      );
    expect((await rate({})).status).toBe(401);
    expect((await rate({ conversationToken: 'x.y' })).status).toBe(401);
    const ratings = await runInDurableObject(objectOf('demo', victim.id), (o: Conversation) => o.store.get('feedback'));
    expect(ratings).toBeNull();
    expect((await rate({ conversationToken: victim.token })).status).toBe(204);
  });

  it('a client-chosen id that was never minted is refused and no Durable Object storage is created for it', async () => {
    const invented = crypto.randomUUID();
    expect(await upgrade({ conversationId: invented })).toBe(401);
    const res = await call(chatRequest({ siteKey: 'demo', conversationId: invented, message: { id: 'x', text: 'hello' } }));
    expect(res.status).toBe(401);
    const target = env.CONVERSATION.idFromName(`demo:${invented}`).toString();
    const ids = await listDurableObjectIds(env.CONVERSATION);
    expect(ids.map((id) => id.toString())).not.toContain(target);
    expect(ids.length).toBeGreaterThan(0); // the listing does see the conversations the server minted
  });

  it('an old client (protocol 1) is told to update: client-chosen ids are no longer adopted', async () => {
    const s = await openWs({});
    s.send({ type: 'hello', protocol: 1, siteKey: 'demo', conversationId: 'c_chosen_by_client' });
    expect(await s.closed).toMatchObject({ code: 4426 });
    expect(s.frames[0]).toMatchObject({ type: 'error', code: 'unsupported_protocol' });
  });

  it('a visitor token in the URL is refused with a pointer to the header and hello', async () => {
    const token = await tokenFor('demo', 'alice');
    const res = await call(
      new Request(`http://parley.test/v1/ws?siteKey=demo&token=${token}`, { headers: { upgrade: 'websocket', origin: ORIGIN } }),
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/Authorization: Bearer.*hello/);
  });
});

describe('a verified user’s conversation', () => {
  it('admits only that sub: another sub or no visitor token cannot join it, over SSE or WebSocket', async () => {
    const alice = await tokenFor('demo', 'alice');
    const bob = await tokenFor('demo', 'bob');
    const mine = await startOverSse('demo', 'How long does shipping take?', { origin: ORIGIN, authorization: `Bearer ${alice}` });
    const post = (headers: Record<string, string>) =>
      call(
        chatRequest(
          { siteKey: 'demo', conversationId: mine.id, conversationToken: mine.token, message: { id: crypto.randomUUID(), text: 'hi' } },
          { origin: ORIGIN, ...headers },
        ),
      );
    expect((await post({ authorization: `Bearer ${bob}` })).status).toBe(401);
    expect((await post({})).status).toBe(401);
    // An app presenting Bob's token on the upgrade is refused before the object.
    expect(await upgrade({ conversationId: mine.id, conversationToken: mine.token }, { authorization: `Bearer ${bob}` })).toBe(401);
    // A browser without a visitor token, or with Bob's in hello, is closed at hello.
    for (const hello of [{}, { visitorToken: bob }]) {
      const s = await openWs({ conversationId: mine.id, conversationToken: mine.token });
      s.send({ type: 'hello', protocol: PROTOCOL_VERSION, siteKey: 'demo', ...hello });
      expect(await s.closed).toMatchObject({ code: 1008 });
      expect(s.frames).toMatchObject([{ type: 'error', code: 'unauthorized' }]);
    }
    expect((await messagesOf('demo', mine.id)).length).toBe(2);
    // Alice herself, in hello, is admitted.
    const s = await openWs({ conversationId: mine.id, conversationToken: mine.token });
    s.send({ type: 'hello', protocol: PROTOCOL_VERSION, siteKey: 'demo', visitorToken: alice });
    expect(await s.next((f) => f.type === 'ready')).toMatchObject({ conversationId: mine.id, conversationToken: mine.token });
  });

  it('an anonymous conversation cannot be taken over by presenting a visitor token with it', async () => {
    const anon = await startOverSse('demo', 'When are you open?');
    const alice = await tokenFor('demo', 'alice');
    const res = await call(
      chatRequest(
        { siteKey: 'demo', conversationId: anon.id, conversationToken: anon.token, message: { id: 'x', text: 'hi' } },
        { origin: ORIGIN, authorization: `Bearer ${alice}` },
      ),
    );
    expect(res.status).toBe(401);
  });
});

describe('placeholders are restored only to the owner', () => {
  const EMAIL = 'jane.victim@example.com';
  const ECHO = 'I have [EMAIL_1] on file for you.';

  it('the owner sees their own value; the transcript and the console hold the placeholder', async () => {
    const mock = await mockProvider({ calls: [{ reply: ECHO }] });
    const s = await openWs({ siteKey: mock.siteKey });
    s.send({ type: 'hello', protocol: PROTOCOL_VERSION, siteKey: mock.siteKey });
    const ready = (await s.next((f) => f.type === 'ready')) as Ready;
    s.send({ type: 'message', id: 'e1', text: `my email is ${EMAIL}, please repeat [EMAIL_1] back to me` });
    await s.next(isEnd('e1'));
    expect(textOf(s.frames, 'e1')).toBe(`I have ${EMAIL} on file for you.`);
    const stored = await messagesOf(mock.siteKey, ready.conversationId);
    expect(stored.map((m) => m.text)).toEqual(['my email is [EMAIL_1], please repeat [EMAIL_1] back to me', ECHO]);
    expect(JSON.stringify(stored)).not.toContain(EMAIL);
    const admin = await runInDurableObject(objectOf(mock.siteKey, ready.conversationId), (o: Conversation) =>
      o.summary({ siteKey: mock.siteKey, conversationId: ready.conversationId }),
    );
    expect(JSON.stringify(admin.history)).not.toContain(EMAIL);
    // Display time, for the proven owner: ready.history carries the restored values.
    const again = await openWs({ siteKey: mock.siteKey, conversationId: ready.conversationId, conversationToken: ready.conversationToken });
    again.send({ type: 'hello', protocol: PROTOCOL_VERSION, siteKey: mock.siteKey });
    const back = (await again.next((f) => f.type === 'ready')) as Ready;
    expect(back.history.map((h) => h.text)).toEqual([
      `my email is ${EMAIL}, please repeat ${EMAIL} back to me`,
      `I have ${EMAIL} on file for you.`,
    ]);
  });

  it('"repeat [EMAIL_1] back to me" from a stranger restores nothing: refused in the victim’s conversation, empty in their own', async () => {
    const mock = await mockProvider({ calls: [{ reply: ECHO }, { reply: ECHO }] });
    const victim = await startOverSse(mock.siteKey, `my email is ${EMAIL}`);
    expect(JSON.stringify(victim.frames)).not.toContain('[EMAIL_1] on file'); // the owner got it restored
    const intrude = await call(
      chatRequest({ siteKey: mock.siteKey, conversationId: victim.id, message: { id: 's1', text: 'repeat [EMAIL_1] back to me' } }),
    );
    expect(intrude.status).toBe(401);
    const own = await call(chatRequest({ siteKey: mock.siteKey, message: { id: 's2', text: 'repeat [EMAIL_1] back to me' } }));
    const text = (await framesOf(own))
      .map((e) => e.frame as ServerFrame)
      .map((f) => (f.type === 'delta' ? f.text : ''))
      .join('');
    expect(text).toBe(ECHO);
    expect(text).not.toContain(EMAIL);
  });

  it('a value an agent wrote is not restored as the visitor’s own', async () => {
    const mock = await mockProvider({ calls: [{ reply: 'Sure, write to [EMAIL_1].' }] });
    const s = await openWs({ siteKey: mock.siteKey });
    s.send({ type: 'hello', protocol: PROTOCOL_VERSION, siteKey: mock.siteKey });
    const ready = (await s.next((f) => f.type === 'ready')) as Ready;
    await runInDurableObject(objectOf(mock.siteKey, ready.conversationId), async (o: Conversation) => {
      o.agentReply({ siteKey: mock.siteKey, conversationId: ready.conversationId }, 'Our desk is desk@shop.example');
      await o.handBack({ siteKey: mock.siteKey, conversationId: ready.conversationId });
    });
    s.send({ type: 'message', id: 'a1', text: 'whom do I write to?' });
    await s.next(isEnd('a1'));
    expect(textOf(s.frames, 'a1')).toBe('Sure, write to [EMAIL_1].');
  });
});

describe('the visitor’s locale reaches the PII scanner', () => {
  it('a national-format number of the visitor’s region is masked in the transcript', async () => {
    const number = '698 946 913'; // a Spanish mobile number without +34: read only in Spain's plan
    const withLocale = await openWs({});
    withLocale.send({ type: 'hello', protocol: PROTOCOL_VERSION, siteKey: 'demo', locale: 'es-ES' });
    const a = (await withLocale.next((f) => f.type === 'ready')) as Ready;
    withLocale.send({ type: 'message', id: 'p1', text: `mine is ${number}` });
    await withLocale.next(isEnd('p1'));
    const without = await openWs({});
    without.send({ type: 'hello', protocol: PROTOCOL_VERSION, siteKey: 'demo' });
    const b = (await without.next((f) => f.type === 'ready')) as Ready;
    without.send({ type: 'message', id: 'p1', text: `mine is ${number}` });
    await without.next(isEnd('p1'));
    expect((await messagesOf('demo', a.conversationId))[0]?.text).toBe('mine is [PHONE_1]');
    expect((await messagesOf('demo', b.conversationId))[0]?.text).toBe(`mine is ${number}`);
  });
});
