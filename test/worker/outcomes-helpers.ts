/** Fixtures for the outcome tests: the shared fake clock, sites with business hours, a person asked for. */
import { env } from 'cloudflare:test';
import type { BusinessHours } from '../../shared/business-hours';
import type { ServerFrame } from '../../shared/protocol';
import type { Conversation } from '../../worker/conversation/conversation';
import { clock } from '../../worker/outcomes/clock';
import { DEMO_SITE } from '../../worker/seed/demo-site';
import { call, chatRequest, framesOf, ORIGIN, publishSite, realId } from './helpers';
import { followSse } from './sse-follow';
import { connect, newConversation, type TestSocket } from './ws-helpers';

/** Freeze the clock the Worker and its objects read at `at`; `set` moves it, `restore` gives back the real one. */
export function fakeClock(at: number) {
  const real = clock.now;
  let now = at;
  clock.now = () => now;
  return {
    get now() {
      return now;
    },
    set(t: number) {
      now = t;
    },
    advance(ms: number) {
      now += ms;
    },
    restore() {
      clock.now = real;
    },
  };
}

let n = 0;
/** Publish a demo-like site (the faq responder answers) with these business hours; returns its key. */
export async function siteWithHours(hours: Partial<BusinessHours> & Pick<BusinessHours, 'timeZone' | 'weekly'>, extra = {}) {
  const key = `hours-${Date.now().toString(36)}-${(n++).toString(36)}`;
  await publishSite({ ...DEMO_SITE, key, hours, ...extra });
  return key;
}

export const ASK_FOR_PERSON = 'I want to talk to a human please';

/** Open a new conversation of `siteKey`, ask for a person and return the socket with the `handoff` frame it got. */
export async function askForPerson(
  siteKey: string,
): Promise<{ s: TestSocket; cid: string; frame: Extract<ServerFrame, { type: 'handoff' }> }> {
  const cid = newConversation();
  const s = await connect(cid, siteKey);
  s.send({ type: 'message', id: 'ask', text: ASK_FOR_PERSON });
  const frame = (await s.next((f) => f.type === 'handoff')) as Extract<ServerFrame, { type: 'handoff' }>;
  return { s, cid, frame };
}

/** The conversation object of a test's conversation. */
export const stubOf = (cid: string, siteKey = 'demo') =>
  env.CONVERSATION.get(env.CONVERSATION.idFromName(`${siteKey}:${realId(cid)}`)) as DurableObjectStub<Conversation>;

/** Poll `read` until `done` holds (or about 3 s pass); returns the last value read. */
export async function eventually<T>(read: () => Promise<T>, done: (v: T) => boolean): Promise<T> {
  let v = await read();
  for (let i = 0; i < 150 && !done(v); i++) {
    await new Promise((r) => setTimeout(r, 20));
    v = await read();
  }
  return v;
}

/** A visitor on SSE: one POST /v1/chat mints the conversation; its id and token come back in headers. */
export async function sseVisitor(siteKey = 'demo', text = 'How long does shipping take?'): Promise<{ id: string; token: string }> {
  const res = await call(chatRequest({ siteKey, message: { id: 'e1', text } }));
  await framesOf(res);
  return { id: res.headers.get('x-conversation-id') ?? '', token: res.headers.get('x-conversation-token') ?? '' };
}

/** `GET /v1/chat/events` of an SSE visitor's conversation, followed live. */
export async function followEvents(c: { id: string; token: string }, siteKey = 'demo') {
  const url = `http://parley.test/v1/chat/events?${new URLSearchParams({ siteKey, conversationId: c.id, conversationToken: c.token })}`;
  const res = await call(new Request(url, { headers: { origin: ORIGIN } }));
  const live = followSse(res);
  return {
    get frames(): ServerFrame[] {
      return live.frames.map((f) => f.frame);
    },
    next: async (pred: (f: ServerFrame) => boolean): Promise<ServerFrame> => (await live.next(pred)).frame,
    cancel: () => live.cancel(),
  };
}
