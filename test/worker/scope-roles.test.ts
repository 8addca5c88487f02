/**
 * The agent role (conversations only, replies signed with the token's label), the tightened try-it
 * routes (draft routing and try/reply for editors and admins; draft routers cached per draft; try/reply
 * metered and audited like a turn), and the admin changes that now leave an audit entry.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { SiteConfig } from '../../shared/config';
import { dayOf } from '../../worker/quota/site-quota';
import { draftRouters } from '../../worker/routes/admin/draft-routers';
import { admin, BOOT, bootEnv, tokenFor } from './admin-helpers';
import { call, framesOf, mockProvider } from './helpers';
import { connect, newConversation } from './ws-helpers';

const X = 'roles-x';

const site = (key: string, extra: Record<string, unknown> = {}) => ({
  key,
  name: `Shop ${key}`,
  origins: ['shop.example'],
  intents: [{ id: 'hours', label: 'Hours', examples: ['when are you open'], answer: { en: 'Nine to five.' } }],
  ...extra,
});

async function json<T>(res: Response | Promise<Response>): Promise<T> {
  return (await (await res).json()) as T;
}

type Entry = { action: string; actor: string; siteKey: string | null; target: string | null; detail: unknown };
const auditOf = async (siteKey: string) =>
  (await json<{ entries: Entry[] }>(admin('GET', `/audit?site=${siteKey}&limit=500`, BOOT))).entries;

/** Poll until `probe` returns a value (rows and counts are written after the response). */
async function eventually<T>(probe: () => Promise<T | null | undefined>): Promise<T | null | undefined> {
  for (let i = 0; i < 100; i++) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  return probe();
}

let agent: { id: string; token: string };
let auditor: string;
let editor: string;

beforeAll(async () => {
  expect((await admin('POST', '/sites', BOOT, site(X))).status).toBe(201);
  expect((await admin('POST', `/sites/${X}/publish`, BOOT)).status).toBe(200);
  agent = await tokenFor('agent', { sites: ['demo'], label: 'Ana (support)' });
  auditor = (await tokenFor('auditor')).token;
  editor = (await tokenFor('editor')).token;
});

describe('the agent role', () => {
  it('lists, reads, replies to and hands back conversations, signing replies with its label; every action is audited', async () => {
    const s = await connect(newConversation());
    const cid = s.ready.conversationId;
    s.send({ type: 'message', id: 'h1', text: 'I want to talk to a human please' });
    await s.next((f) => f.type === 'handoff');

    const inbox = await json<{ conversations: { conversationId: string; siteKey: string }[] }>(admin('GET', '/conversations', agent.token));
    expect(inbox.conversations.map((c) => c.conversationId)).toContain(cid);
    expect(inbox.conversations.every((c) => c.siteKey === 'demo')).toBe(true);
    expect((await admin('GET', `/conversations/${cid}?siteKey=demo`, agent.token)).status).toBe(200);

    const text = 'Hello, I can help with that order.';
    const sent = await admin('POST', `/conversations/${cid}/messages`, agent.token, { siteKey: 'demo', text, name: 'The CEO' });
    expect(sent.status).toBe(201);
    expect(await s.next((f) => f.type === 'agent')).toMatchObject({ type: 'agent', text, name: 'Ana (support)' });
    expect((await admin('POST', `/conversations/${cid}/handback`, agent.token, { siteKey: 'demo' })).status).toBe(200);
    s.ws.close();

    const mine = (await auditOf('demo')).filter((e) => e.actor === agent.id && e.target === cid);
    expect(mine.map((e) => e.action).reverse()).toEqual(['conversation.reply', 'conversation.handback']);
    expect(JSON.stringify(mine)).not.toContain(text);
  });

  it('gets 403 on site config, intents, metrics, turns, the audit log and the try-it routes', async () => {
    for (const [method, path, body] of [
      ['GET', '/sites/demo'],
      ['GET', '/sites/demo/intents'],
      ['PUT', '/sites/demo/intents/hours', { label: 'H', examples: ['open?'] }],
      ['GET', '/metrics/summary?site=demo'],
      ['GET', '/turns?site=demo'],
      ['GET', '/audit?site=demo'],
      ['GET', '/alerts'],
      ['POST', '/route', { siteKey: 'demo', text: 'hi' }],
      ['POST', '/try/reply', { siteKey: 'demo', text: 'hi' }],
      ['DELETE', '/cache/sites/demo'],
    ] as const) {
      const res = await admin(method, path, agent.token, body);
      expect({ path: `${method} ${path}`, status: res.status }).toEqual({ path: `${method} ${path}`, status: 403 });
    }
  });

  it('cannot reach a conversation of a site outside its scope', async () => {
    const cid = newConversation();
    const elsewhere = (await tokenFor('agent', { sites: [X] })).token;
    expect((await admin('GET', `/conversations/${cid}?siteKey=demo`, elsewhere)).status).toBe(403);
    expect((await admin('POST', `/conversations/${cid}/messages`, elsewhere, { siteKey: 'demo', text: 'hi' })).status).toBe(403);
    const inbox = await json<{ conversations: { siteKey: string }[] }>(admin('GET', '/conversations', elsewhere));
    expect(inbox.conversations.some((c) => c.siteKey === 'demo')).toBe(false);
  });
});

describe('the try-it routes', () => {
  it('routes against the draft for editors only, training once per draft content', async () => {
    const ask = (token: string) => admin('POST', '/route', token, { siteKey: X, text: 'when are you open', draft: true });
    expect((await ask(auditor)).status).toBe(403);
    expect(await json(admin('POST', '/route', auditor, { siteKey: X, text: 'when are you open' }))).toMatchObject({ router: 'live' });
    expect(await json(ask(editor))).toMatchObject({ router: 'draft-trained', decision: { intent: 'hours' } });
    expect(await json(ask(editor))).toMatchObject({ router: 'draft-cached', decision: { intent: 'hours' } });
    const add = { id: 'returns', label: 'Returns', examples: ['how do I return this'], answer: { en: 'Within 30 days.' } };
    expect((await admin('POST', `/sites/${X}/intents`, editor, add)).status).toBe(201);
    expect(await json(ask(editor))).toMatchObject({ router: 'draft-trained' });
  });

  it('keeps at most a bounded number of draft routers, least recently used out first', async () => {
    const routers = draftRouters(2);
    const drafts = ['lru-a', 'lru-b', 'lru-c'].map((key) => SiteConfig.parse(site(key)));
    const [a, b, c] = drafts as [SiteConfig, SiteConfig, SiteConfig];
    expect((await routers.get(a)).cached).toBe(false);
    expect((await routers.get(b)).cached).toBe(false);
    expect((await routers.get(a)).cached).toBe(true);
    expect((await routers.get(c)).cached).toBe(false);
    expect(routers.size).toBe(2);
    expect((await routers.get(a)).cached).toBe(true);
    expect((await routers.get(b)).cached).toBe(false);
  });

  it('try/reply is refused to auditors, counts against the daily allowance and leaves a turn audit row', async () => {
    const key = 'roles-metered';
    expect((await admin('POST', '/sites', BOOT, site(key, { limits: { tokensPerDay: 40 } }))).status).toBe(201);
    expect((await admin('POST', `/sites/${key}/publish`, BOOT)).status).toBe(200);
    const usage = { prompt_tokens: 30, completion_tokens: 10 };
    const mock = await mockProvider({
      calls: [
        { reply: 'Yes, it ships there.', usage },
        { reply: 'Never sent.', usage },
      ],
    });
    const tryReply = (token: string) =>
      call(
        new Request('http://parley.test/admin/api/try/reply', {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ siteKey: key, text: 'Is the blue lantern lamp sold in Canada?' }),
        }),
        { ...bootEnv, ...mock.env },
      );
    expect((await tryReply(auditor)).status).toBe(403);

    const first = await tryReply(editor);
    expect(first.status).toBe(200);
    const frames = await framesOf(first);
    expect(frames.map((f) => f.event).at(-1)).toBe('done');
    const quota = env.SITE_QUOTA.get(env.SITE_QUOTA.idFromName(key));
    expect(await eventually(async () => (await quota.used(dayOf(Date.now()))).used)).toBe(40);
    const row = await eventually(() =>
      env.DB.prepare('SELECT conversation_id, tokens_in, tokens_out FROM audit_turns WHERE site = ?')
        .bind(key)
        .first<{ conversation_id: string; tokens_in: number; tokens_out: number }>(),
    );
    expect(row).toMatchObject({ conversation_id: expect.stringMatching(/^try-/), tokens_in: 30, tokens_out: 10 });

    const spent = await tryReply(editor);
    expect(spent.status).toBe(429);
    expect(await spent.json()).toMatchObject({ error: { code: 'quota_exceeded' } });
  });
});

describe('admin changes are audited', () => {
  it('API key issue and revoke, ops settings and cache purges each leave an entry without secrets', async () => {
    const issued = await json<{ id: string; key: string }>(admin('POST', `/sites/${X}/api-keys`, BOOT, { name: 'backend' }));
    expect((await admin('DELETE', `/api-keys/${issued.id}`, BOOT)).status).toBe(204);
    const hook = 'https://hooks.example/services/secret-path-token';
    expect((await admin('PUT', `/sites/${X}/ops`, BOOT, { alerts: { webhookUrl: hook } })).status).toBe(200);
    expect((await admin('DELETE', `/cache/sites/${X}`, editor)).status).toBe(200);
    expect((await admin('DELETE', `/cache/sites/${X}/intents/hours`, editor)).status).toBe(200);

    const entries = await auditOf(X);
    const actions = entries.map((e) => e.action);
    for (const action of ['api_key.issue', 'api_key.revoke', 'ops.update', 'cache.purge']) expect(actions).toContain(action);
    expect(entries.filter((e) => e.action === 'cache.purge')).toHaveLength(2);
    expect(entries.find((e) => e.action === 'api_key.revoke')?.target).toBe(issued.id);
    expect(entries.find((e) => e.action === 'ops.update')?.detail).toMatchObject({ webhookHost: 'hooks.example' });
    const all = JSON.stringify(entries);
    expect(all).not.toContain(issued.key);
    expect(all).not.toContain('secret-path-token');
  });
});
