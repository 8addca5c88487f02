import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../worker/conversation/conversation';
import type { FanOut } from '../../worker/conversation/fan-out';
import { DEMO_SITE } from '../../worker/seed/demo-site';
import { call, chatRequest, framesOf, ORIGIN, publishSite } from './helpers';
import { followSse } from './sse-follow';
import { connect, newConversation } from './ws-helpers';

const ADMIN = 'admin-token-for-tests';
const admin = (path: string, body: unknown) =>
  call(
    new Request(`http://parley.test/admin/api/conversations${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', origin: ORIGIN },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
    { ADMIN_TOKEN: ADMIN },
  );

/** A visitor on SSE: one POST /v1/chat mints the conversation; its id and token come back in headers. */
async function sseVisitor(siteKey = 'demo'): Promise<{ id: string; token: string }> {
  const res = await call(chatRequest({ siteKey, message: { id: 'e1', text: 'How long does shipping take?' } }));
  await framesOf(res);
  return { id: res.headers.get('x-conversation-id') ?? '', token: res.headers.get('x-conversation-token') ?? '' };
}

const eventsUrl = (c: { id: string; token: string }, siteKey = 'demo') =>
  `http://parley.test/v1/chat/events?${new URLSearchParams({ siteKey, conversationId: c.id, conversationToken: c.token })}`;

describe('GET /v1/chat/events', () => {
  it('brings an SSE visitor the agent takeover, typing and reply within 3 s, and resumes by Last-Event-ID without typing', async () => {
    const c = await sseVisitor();
    expect(c.token).not.toBe('');
    const res = await call(new Request(eventsUrl(c), { headers: { origin: ORIGIN } }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const live = followSse(res);

    expect((await admin(`/${c.id}/typing`, { siteKey: 'demo', active: true, name: 'Ana' })).status).toBe(204);
    expect((await live.next((f) => f.type === 'typing')).frame).toEqual({ type: 'typing', who: 'agent', name: 'Ana', active: true });

    const sentAt = Date.now();
    const sent = await admin(`/${c.id}/messages`, { siteKey: 'demo', text: 'Hi, Ana here.', name: 'Ana' });
    expect(sent.status).toBe(201);
    const handoff = await live.next((f) => f.type === 'handoff');
    expect(handoff.frame).toMatchObject({ active: true, reason: 'agent' });
    const reply = await live.next((f) => f.type === 'agent');
    expect(Date.now() - sentAt).toBeLessThan(3000);
    expect(reply.frame).toMatchObject({ type: 'agent', text: 'Hi, Ana here.', name: 'Ana' });
    expect(Number(reply.id)).toBeGreaterThan(Number(handoff.id));
    // Only conversation events: none of the bot's turn frames, which the POST streams.
    expect(live.frames.every((f) => ['agent', 'handoff', 'typing'].includes(f.frame.type))).toBe(true);
    await live.cancel();

    // Resuming after the handoff frame replays the reply from storage; the typing frame was never stored.
    const again = followSse(await call(new Request(eventsUrl(c), { headers: { origin: ORIGIN, 'last-event-id': String(handoff.id) } })));
    const replayed = await again.next(() => true);
    expect(replayed).toMatchObject({ id: reply.id, frame: { type: 'agent', text: 'Hi, Ana here.' } });
    await admin(`/${c.id}/handback`, { siteKey: 'demo' });
    expect((await again.next(() => true)).frame).toMatchObject({ type: 'handoff', active: false });
    expect(again.frames.some((f) => f.frame.type === 'typing')).toBe(false);
    await again.cancel();
  });

  it('forgets a stream when its client goes', async () => {
    const c = await sseVisitor();
    const stub = env.CONVERSATION.get(env.CONVERSATION.idFromName(`demo:${c.id}`)) as DurableObjectStub<Conversation>;
    const streams = () =>
      runInDurableObject(stub, (o: Conversation) => (o as unknown as { parts: { fanOut: FanOut } }).parts.fanOut.eventStreams);
    const live = followSse(await call(new Request(eventsUrl(c), { headers: { origin: ORIGIN } })));
    expect(await streams()).toBe(1);
    await live.cancel();
    for (let i = 0; i < 40 && (await streams()) > 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(await streams()).toBe(0);
  });

  it('refuses a wrong or missing token with 401 and a bad query with 400', async () => {
    const c = await sseVisitor();
    const wrong = await call(new Request(eventsUrl({ id: c.id, token: `${c.token}x` }), { headers: { origin: ORIGIN } }));
    expect(wrong.status).toBe(401);
    const other = await sseVisitor();
    const swapped = await call(new Request(eventsUrl({ id: c.id, token: other.token }), { headers: { origin: ORIGIN } }));
    expect(swapped.status).toBe(401);
    const missing = await call(
      new Request(`http://parley.test/v1/chat/events?siteKey=demo&conversationId=${c.id}`, { headers: { origin: ORIGIN } }),
    );
    expect(missing.status).toBe(400);
  });

  it('an agent types only with a role on the site', async () => {
    const res = await call(
      new Request('http://parley.test/admin/api/conversations/abc/typing', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: ORIGIN },
        body: JSON.stringify({ siteKey: 'demo', active: true }),
      }),
      { ADMIN_TOKEN: ADMIN },
    );
    expect(res.status).toBe(401);
  });
});

describe('visitor typing over WebSocket', () => {
  it('is recorded in the summary, at most once a second', async () => {
    const cid = newConversation();
    const s = await connect(cid);
    const id = (s.frames.find((f) => f.type === 'ready') as { conversationId: string }).conversationId;
    s.send({ type: 'typing', active: true });
    s.send({ type: 'typing', active: false });
    s.send({ type: 'ping' });
    await new Promise((r) => setTimeout(r, 200));
    const summary = (await (await admin(`/${id}?siteKey=demo`, undefined)).json()) as { visitorTyping: { active: boolean } | null };
    // The second frame came within the second and was dropped.
    expect(summary.visitorTyping).toMatchObject({ active: true });
    s.ws.close();
  });
});

describe('visitor typing over SSE', () => {
  const typing = (c: { id: string; token: string }, active: boolean) =>
    call(
      new Request('http://parley.test/v1/typing', {
        method: 'POST',
        headers: { 'content-type': 'text/plain;charset=UTF-8', origin: ORIGIN },
        body: JSON.stringify({ siteKey: 'demo', conversationId: c.id, conversationToken: c.token, active }),
      }),
    );

  it('POST /v1/typing is recorded like the WebSocket frame; another conversation token is refused', async () => {
    const c = await sseVisitor();
    expect((await typing(c, true)).status).toBe(204);
    const summary = (await (await admin(`/${c.id}?siteKey=demo`, undefined)).json()) as { visitorTyping: { active: boolean } | null };
    expect(summary.visitorTyping).toMatchObject({ active: true });
    const other = await sseVisitor();
    expect((await typing({ id: c.id, token: other.token }, false)).status).toBe(401);
  });
});

describe('asking for a person outside business hours', () => {
  it('says the desk is closed and when it opens, and the bot keeps answering', async () => {
    // Open all day every day, except today and the next two days (UTC): closed now, opening in three days.
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const allDay: [string, string][] = [['00:00', '24:00']];
    const weekly = Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, allDay]));
    await publishSite({ ...DEMO_SITE, key: 'after-hours', hours: { timeZone: 'UTC', weekly, holidays: [day(0), day(1), day(2)] } });
    const c = await sseVisitor('after-hours');
    const live = followSse(await call(new Request(eventsUrl(c, 'after-hours'), { headers: { origin: ORIGIN } })));
    const res = await call(
      chatRequest({
        siteKey: 'after-hours',
        conversationId: c.id,
        conversationToken: c.token,
        message: { id: 'p1', text: 'I want to talk to a human please' },
      }),
    );
    const turn = await framesOf(res);
    expect(turn.map((f) => f.frame.type)).toContain('meta');
    expect(turn.at(-1)?.frame).toMatchObject({ type: 'done' });
    const closed = await live.next((f) => f.type === 'handoff');
    expect(closed.frame).toEqual({
      type: 'handoff',
      seq: Number(closed.id),
      active: false,
      reason: 'visitor_request',
      open: false,
      nextOpen: Date.parse(`${day(3)}T00:00:00Z`),
    });
    await live.cancel();
    const summary = (await (await admin(`/${c.id}?siteKey=after-hours`, undefined)).json()) as { handoff: boolean };
    expect(summary.handoff).toBe(false);
  });
});
