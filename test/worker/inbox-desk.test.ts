import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { SiteConfig } from '../../shared/config';
import type { ConversationView } from '../../shared/inbox';
import { PROTOCOL_VERSION, type ServerFrame } from '../../shared/protocol';
import { signVisitorToken, siteTokenSecret } from '../../worker/conversation/visitor-token';
import { modelSummary } from '../../worker/inbox/summary-model';
import { dayOf } from '../../worker/quota/site-quota';
import { receivedRequests } from '../fixtures/mock-client';
import { admin, BOOT, tokenFor } from './admin-helpers';
import { call, mockProvider, ORIGIN } from './helpers';
import { desk, inboxSite, openInbox } from './inbox-helpers';
import { connect, newConversation, openWs, type TestSocket } from './ws-helpers';

const HUMAN = 'I want to talk to a human please';
const MASTER = 'test-master-secret-not-real';

/** The conversation's event stream (`GET /v1/chat/events`), read as text until `until` appears in it. */
async function eventStream(siteKey: string, conversationId: string, conversationToken: string) {
  const q = new URLSearchParams({ siteKey, conversationId, conversationToken });
  const res = await call(new Request(`http://parley.test/v1/chat/events?${q}`, { headers: { origin: ORIGIN } }));
  expect(res.status).toBe(200);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const dec = new TextDecoder();
  let text = '';
  return {
    text: () => text,
    async until(needle: string): Promise<string> {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${needle}`);
        text += dec.decode(value, { stream: true });
      }
      return text;
    },
    cancel: () => reader.cancel(),
  };
}

const view = async (cid: string, siteKey: string, token = BOOT) =>
  (await (await admin('GET', `/conversations/${cid}?siteKey=${siteKey}`, token)).json()) as ConversationView;

/** The visitor asks `text` (message `first`), gets the bot's answer, then asks for a person (message `second`). */
async function askThenHandOff(visitor: TestSocket, text: string, first: string, second: string): Promise<void> {
  visitor.send({ type: 'message', id: first, text });
  await visitor.next((f) => f.type === 'done');
  visitor.send({ type: 'message', id: second, text: HUMAN });
  await visitor.next((f) => f.type === 'handoff');
}

/** A visitor of a fresh inbox site who asked for a person, and their conversation's event stream. */
async function handedOff(site: string, messageId: string) {
  await inboxSite(site);
  const visitor = await connect(newConversation(), site);
  const cid = visitor.ready.conversationId;
  visitor.send({ type: 'message', id: messageId, text: HUMAN });
  await visitor.next((f) => f.type === 'handoff');
  return { site, visitor, cid, events: await eventStream(site, cid, visitor.ready.conversationToken) };
}

describe('the desk', () => {
  it('keeps notes from the visitor: neither the socket nor the event stream carries one; agents see them', async () => {
    const { site, visitor, cid, events } = await handedOff('inbox-notes', 'n1');
    const inbox = await openInbox();
    const agent = await tokenFor('agent', { label: 'Ana' });

    const secret = 'Customer was rude last time; offer the goodwill voucher VOUCHER-7731';
    const noted = await desk(agent.token, cid, 'notes', { siteKey: site, text: secret });
    expect(noted.status).toBe(201);
    expect(await inbox.next((f) => f.type === 'note')).toMatchObject({ note: { author: 'Ana', text: secret } });
    // A reply after the note: once the visitor has it, anything sent before it has arrived too.
    await desk(agent.token, cid, 'messages', { siteKey: site, text: 'Hello, Ana here.' });
    await visitor.next((f) => f.type === 'agent');
    await events.until('Hello, Ana here.');
    expect(JSON.stringify(visitor.frames)).not.toContain('VOUCHER-7731');
    expect(events.text()).not.toContain('VOUCHER-7731');
    // Nor does a reconnecting visitor get it in its history or replay.
    const again = await openWs({ siteKey: site, conversationId: cid, conversationToken: visitor.ready.conversationToken });
    again.send({ type: 'hello', protocol: PROTOCOL_VERSION, siteKey: site, resume: { afterSeq: 0 } });
    await again.next((f) => f.type === 'agent');
    expect(JSON.stringify(again.frames)).not.toContain('VOUCHER-7731');

    const v = await view(cid, site, agent.token);
    expect(v.notes).toMatchObject([{ author: 'Ana', text: secret }]);
    expect(v.messages.map((m) => [m.role, m.name ?? null])).toEqual([
      ['visitor', null],
      ['agent', 'Ana'],
    ]);
    expect(v.messages.every((m) => m.at > 0)).toBe(true);
    const audit = (await (await admin('GET', `/audit?site=${site}`, BOOT)).json()) as { entries: { action: string; detail: unknown }[] };
    const row = audit.entries.find((e) => e.action === 'conversation.note');
    expect(row).toBeDefined();
    expect(JSON.stringify(audit.entries)).not.toContain('VOUCHER-7731');
    await events.cancel();
    for (const s of [visitor.ws, again.ws, inbox.ws]) s.close();
  });

  it('reveals a message’s typed values only where the site allows it, each reveal audited without the value', async () => {
    const email = 'mei.lin@example.com';
    for (const [site, revealPii] of [
      ['inbox-reveal-off', false],
      ['inbox-reveal-on', true],
    ] as const) {
      await inboxSite(site, { handoff: { revealPii } });
      const visitor = await connect(newConversation(), site);
      const cid = visitor.ready.conversationId;
      visitor.send({ type: 'message', id: 'p1', text: HUMAN });
      await visitor.next((f) => f.type === 'handoff');
      visitor.send({ type: 'message', id: 'p2', text: `please write to ${email}` });
      for (let i = 0; i < 50 && (await view(cid, site)).messages.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      const v = await view(cid, site);
      const masked = v.messages.find((m) => m.id === 'p2')?.text ?? '';
      expect(masked).toMatch(/\[EMAIL_1\]/);
      expect(masked).not.toContain(email);
      expect(v.canReveal).toBe(revealPii);
      const res = await desk(BOOT, cid, 'reveal', { siteKey: site, messageId: 'p2' });
      const audit = (await (await admin('GET', `/audit?site=${site}`, BOOT)).json()) as { entries: { action: string; detail: unknown }[] };
      const reveals = audit.entries.filter((e) => e.action === 'conversation.reveal');
      if (!revealPii) {
        expect(res.status).toBe(403);
        expect(reveals).toEqual([]);
      } else {
        expect(res.status).toBe(200);
        expect(((await res.json()) as { text: string }).text).toBe(`please write to ${email}`);
        expect(reveals).toHaveLength(1);
        expect(JSON.stringify(reveals[0]?.detail)).toContain('p2');
        expect(JSON.stringify(audit.entries)).not.toContain(email);
        expect((await desk(BOOT, cid, 'reveal', { siteKey: site, messageId: 'nope' })).status).toBe(404);
      }
      visitor.ws.close();
    }
  });

  it('close asks the visitor for a rating on every transport and takes the conversation off the queue', async () => {
    const { site, visitor, cid, events } = await handedOff('inbox-close', 'c1');
    const inbox = await openInbox();
    expect((await desk(BOOT, cid, 'close', { siteKey: site })).status).toBe(200);
    const closed = (await visitor.next((f) => f.type === 'closed')) as Extract<ServerFrame, { type: 'closed' }>;
    expect(closed).toMatchObject({ reason: 'agent', survey: true });
    expect(closed.seq).toBeGreaterThan(0);
    await events.until('"type":"closed"');
    expect(await inbox.next((f) => f.type === 'state')).toMatchObject({ state: 'closed', conversationId: cid });
    const list = (await (await admin('GET', `/conversations?state=handoff&siteKey=${site}`, BOOT)).json()) as { conversations: unknown[] };
    expect(list.conversations).toEqual([]);
    expect((await view(cid, site)).state).toBe('closed');
    await events.cancel();
    visitor.ws.close();
    inbox.ws.close();
  });

  it('shows the visitor’s context: locale, page without its query, signed name and email, routed intents', async () => {
    const site = 'inbox-context';
    await inboxSite(site, { intents: [{ id: 'shipping', label: 'Shipping', keywords: ['shipping'], answer: { en: 'Two days.' } }] });
    const now = Math.floor(Date.now() / 1000);
    const token = await signVisitorToken(await siteTokenSecret(MASTER, site), 'user-42', 600, now, {
      name: 'Mei Lin',
      email: 'mei@example.com',
    });
    const visitor = await connect(newConversation(), site, {
      visitorToken: token,
      locale: 'en-GB',
      page: 'https://shop.example/orders/17?session=secret#top',
    });
    const cid = visitor.ready.conversationId;
    await askThenHandOff(visitor, 'how long is shipping', 'x1', 'x2');
    const v = await view(cid, site);
    expect(v.context).toEqual({
      locale: 'en-GB',
      page: 'https://shop.example/orders/17',
      identity: { sub: 'user-42', name: 'Mei Lin', email: 'mei@example.com', verified: true },
      intents: ['shipping'],
    });
    expect(v.messages.map((m) => m.role)).toEqual(['visitor', 'assistant', 'visitor']);
    visitor.ws.close();
  });
});

describe('the summary at handoff', () => {
  it('with a model: one upstream call given the masked transcript; the brief is stored for the agent', async () => {
    const BRIEF = 'The visitor wants a refund for a kettle; reachable at [EMAIL_1].';
    const mock = await mockProvider({ calls: [{ reply: BRIEF }] }, { intents: [] });
    const visitor = await connect(newConversation(), mock.siteKey);
    const cid = visitor.ready.conversationId;
    visitor.send({ type: 'message', id: 's1', text: 'I want to talk to a human please, write to mei.lin@example.com' });
    await visitor.next((f) => f.type === 'handoff');
    let v = await view(cid, mock.siteKey);
    for (let i = 0; i < 100 && v.summary === null; i++) {
      await new Promise((r) => setTimeout(r, 30));
      v = await view(cid, mock.siteKey);
    }
    expect(v.summary).toMatchObject({ kind: 'model', text: BRIEF });
    const sent = await receivedRequests(env.MOCK_UPSTREAM, mock.id);
    expect(sent).toHaveLength(1);
    const body = JSON.stringify(sent[0]?.body);
    expect(body).toContain('[EMAIL_1]');
    expect(body).not.toContain('mei.lin@example.com');
    // Its tokens count against the site's day, as a turn's do.
    const quota = env.SITE_QUOTA.get(env.SITE_QUOTA.idFromName(mock.siteKey));
    let used = 0;
    for (let i = 0; i < 50 && used === 0; i++) {
      used = (await quota.used(dayOf(Date.now()))).used;
      if (used === 0) await new Promise((r) => setTimeout(r, 20));
    }
    expect(used).toBeGreaterThan(0);
    visitor.ws.close();
  });

  it('a site past its daily allowance gets no model summary, and the model is not asked', async () => {
    const mock = await mockProvider({ calls: [{ reply: 'never asked' }] }, { intents: [] });
    const site = SiteConfig.parse({
      key: mock.siteKey,
      name: 'x',
      origins: ['localhost'],
      tiers: mock.tiers,
      limits: { tokensPerDay: 10 },
    });
    await env.SITE_QUOTA.get(env.SITE_QUOTA.idFromName(mock.siteKey)).add(dayOf(Date.now()), 50);
    const history = [{ role: 'visitor' as const, id: 'm1', text: HUMAN, at: Date.now() }];
    expect(await modelSummary(env, site, history, [])).toBeNull();
    expect(await receivedRequests(env.MOCK_UPSTREAM, mock.id)).toEqual([]);
  });

  it('without a model: the recent messages and the routed intents', async () => {
    const site = 'inbox-summary-faq';
    await inboxSite(site, { intents: [{ id: 'returns', label: 'Returns', keywords: ['return'], answer: { en: 'Within 30 days.' } }] });
    const visitor = await connect(newConversation(), site);
    const cid = visitor.ready.conversationId;
    await askThenHandOff(visitor, 'can I return my kettle', 'f1', 'f2');
    let v = await view(cid, site);
    for (let i = 0; i < 100 && v.summary === null; i++) {
      await new Promise((r) => setTimeout(r, 30));
      v = await view(cid, site);
    }
    expect(v.summary?.kind).toBe('recent');
    expect(v.summary?.text.split('\n')).toEqual([
      'Intents: returns',
      'Visitor: can I return my kettle',
      'Assistant: Within 30 days.',
      `Visitor: ${HUMAN}`,
    ]);
    visitor.ws.close();
  });
});
