/**
 * Site-scoped admin tokens: a token limited to some sites sees and acts on those sites only, on every
 * admin surface; a request naming another site is 403 `forbidden`; token management and new sites need
 * an all-sites admin.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { admin, BOOT, bootEnv, tokenFor } from './admin-helpers';
import { call } from './helpers';

const A = 'scope-a';
const B = 'scope-b';

const site = (key: string) => ({
  key,
  name: `Shop ${key}`,
  origins: ['shop.example'],
  intents: [{ id: 'hours', label: 'Hours', examples: ['when are you open'], answer: { en: 'Nine to five.' } }],
});

async function json<T>(res: Response | Promise<Response>): Promise<T> {
  return (await (await res).json()) as T;
}

let editorA: string;
let adminA: string;
let auditorA: string;

beforeAll(async () => {
  for (const key of [A, B]) {
    expect((await admin('POST', '/sites', BOOT, site(key))).status).toBe(201);
    expect((await admin('POST', `/sites/${key}/publish`, BOOT)).status).toBe(200);
  }
  editorA = (await tokenFor('editor', { sites: [A], label: 'Team A editor' })).token;
  adminA = (await tokenFor('admin', { sites: [A] })).token;
  auditorA = (await tokenFor('auditor', { sites: [A] })).token;
});

describe('scoped tokens', () => {
  it('a scoped editor reads its own site, is refused another with 403 forbidden, and cannot list tokens', async () => {
    expect((await admin('GET', `/sites/${A}/intents`, editorA)).status).toBe(200);
    const other = await admin('GET', `/sites/${B}/intents`, editorA);
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({ error: { code: 'forbidden' } });
    expect((await admin('GET', '/tokens', editorA)).status).toBe(403);
  });

  it('/me says who the token is, what it may do and where', async () => {
    const me = await json<Record<string, unknown>>(admin('GET', '/me', editorA));
    expect(me).toEqual({ id: expect.stringMatching(/^tok_/), role: 'editor', label: 'Team A editor', sites: [A] });
    expect(await json(admin('GET', '/me', BOOT))).toMatchObject({ id: 'bootstrap', role: 'admin', sites: null });
  });

  it('lists only the sites in scope', async () => {
    const { sites } = await json<{ sites: { key: string }[] }>(admin('GET', '/sites', editorA));
    expect(sites.map((s) => s.key)).toEqual([A]);
    const all = await json<{ sites: { key: string }[] }>(admin('GET', '/sites', BOOT));
    expect(all.sites.map((s) => s.key)).toEqual(expect.arrayContaining([A, B, 'demo']));
  });

  // Every surface that names a site refuses another site to a scoped token (here an admin of site A).
  const otherSite: { method: string; path: string; body?: unknown }[] = [
    { method: 'GET', path: `/sites/${B}` },
    { method: 'PUT', path: `/sites/${B}`, body: site(B) },
    { method: 'POST', path: `/sites/${B}/publish` },
    { method: 'GET', path: `/sites/${B}/versions` },
    { method: 'GET', path: `/sites/${B}/intents/hours` },
    { method: 'POST', path: '/route', body: { siteKey: B, text: 'when are you open' } },
    { method: 'POST', path: '/try/reply', body: { siteKey: B, text: 'when are you open' } },
    { method: 'GET', path: `/metrics/summary?site=${B}` },
    { method: 'GET', path: `/turns?site=${B}` },
    { method: 'GET', path: `/audit?site=${B}` },
    { method: 'DELETE', path: `/cache/sites/${B}` },
    { method: 'DELETE', path: `/cache/sites/${B}/intents/hours` },
    { method: 'GET', path: `/sites/${B}/api-keys` },
    { method: 'POST', path: `/sites/${B}/api-keys` },
    { method: 'GET', path: `/sites/${B}/ops` },
    { method: 'PUT', path: `/sites/${B}/ops`, body: {} },
    { method: 'GET', path: `/visitors/v1?site=${B}` },
    { method: 'DELETE', path: `/visitors/v1?site=${B}` },
    { method: 'GET', path: `/conversations?siteKey=${B}` },
    { method: 'GET', path: `/conversations/c123?siteKey=${B}` },
    { method: 'POST', path: '/conversations/c123/messages', body: { siteKey: B, text: 'hello' } },
    { method: 'POST', path: '/conversations/c123/handback', body: { siteKey: B } },
  ];
  it('refuses every route naming another site with 403, and allows the same route on its own site', async () => {
    for (const row of otherSite) {
      const res = await admin(row.method, row.path, adminA, row.body);
      expect({ route: `${row.method} ${row.path}`, status: res.status }).toEqual({ route: `${row.method} ${row.path}`, status: 403 });
    }
    for (const path of [`/sites/${A}`, `/turns?site=${A}`, `/metrics/summary?site=${A}`, `/sites/${A}/ops`, `/sites/${A}/api-keys`]) {
      expect({ path, status: (await admin('GET', path, adminA)).status }).toEqual({ path, status: 200 });
    }
  });

  it('refuses the deployment-wide Prometheus text to a scoped token', async () => {
    const metrics = (token: string) =>
      call(new Request('http://parley.test/metrics', { headers: { authorization: `Bearer ${token}` } }), bootEnv);
    expect((await metrics(auditorA)).status).toBe(403);
    expect((await metrics((await tokenFor('auditor')).token)).status).toBe(200);
  });

  it('only an all-sites admin manages tokens and creates sites', async () => {
    expect((await admin('GET', '/tokens', adminA)).status).toBe(403);
    expect((await admin('POST', '/tokens', adminA, { role: 'editor', label: 'x', sites: [A] })).status).toBe(403);
    const t = await tokenFor('auditor', { sites: [A] });
    expect((await admin('DELETE', `/tokens/${t.id}`, adminA)).status).toBe(403);
    expect((await admin('POST', '/sites', adminA, site('scope-new'))).status).toBe(403);
    expect((await admin('DELETE', `/tokens/${t.id}`, BOOT)).status).toBe(204);
  });

  it('stores and lists the scope, and refuses a token for a site that does not exist', async () => {
    const { tokens } = await json<{ tokens: { id: string; sites: string[] | null; role: string }[] }>(admin('GET', '/tokens', BOOT));
    expect(tokens.filter((t) => t.sites !== null).every((t) => t.sites?.every((s) => s === A))).toBe(true);
    expect(tokens.some((t) => t.sites?.[0] === A && t.role === 'editor')).toBe(true);
    const bad = await admin('POST', '/tokens', BOOT, { role: 'editor', label: 'typo', sites: ['no-such-site'] });
    expect(bad.status).toBe(400);
    expect((await admin('POST', '/tokens', BOOT, { role: 'owner', label: 'x' })).status).toBe(400);
  });

  it('filters turns and the audit log to the token’s sites when no site is named', async () => {
    await env.DB.prepare(
      `INSERT INTO audit_turns (request_id, at, site, tier, provider, model, cached, total_ms, tokens_in, tokens_out, tokens_cached, cost_usd, guard_actions, status)
       VALUES (?, ?, ?, 'default', 'faq', 'faq', 0, 5, 0, 0, 0, 0, '', 'ok'), (?, ?, ?, 'default', 'faq', 'faq', 0, 5, 0, 0, 0, 0, '', 'ok')`,
    )
      .bind('scope-turn-a', Date.now(), A, 'scope-turn-b', Date.now(), B)
      .run();
    const turns = await json<{ rows: { site: string; requestId: string }[] }>(admin('GET', '/turns', auditorA));
    expect(turns.rows.map((r) => r.requestId)).toContain('scope-turn-a');
    expect(new Set(turns.rows.map((r) => r.site))).toEqual(new Set([A]));
    const everyone = await json<{ rows: { requestId: string }[] }>(admin('GET', '/turns', BOOT));
    expect(everyone.rows.map((r) => r.requestId)).toEqual(expect.arrayContaining(['scope-turn-a', 'scope-turn-b']));

    const log = await json<{ entries: { siteKey: string | null; action: string }[] }>(admin('GET', '/audit', auditorA));
    expect(log.entries.length).toBeGreaterThan(0);
    expect(new Set(log.entries.map((e) => e.siteKey))).toEqual(new Set([A]));
    const full = await json<{ entries: { siteKey: string | null; action: string }[] }>(admin('GET', '/audit?limit=500', BOOT));
    expect(full.entries.some((e) => e.siteKey === B)).toBe(true);
    expect(full.entries.some((e) => e.action === 'token.issue' && e.siteKey === null)).toBe(true);

    const summary = await json<{ totals: { turns: number } }>(admin('GET', '/metrics/summary', auditorA));
    expect(summary.totals.turns).toBeGreaterThanOrEqual(1);
  });

  it('API keys are listed per site without secrets, and another site’s key cannot be revoked', async () => {
    const issued = await json<{ id: string; key: string }>(admin('POST', `/sites/${A}/api-keys`, adminA, { name: 'server' }));
    const other = await json<{ id: string; key: string }>(admin('POST', `/sites/${B}/api-keys`, BOOT, { name: 'theirs' }));
    const listed = await admin('GET', `/sites/${A}/api-keys`, adminA);
    const text = await listed.clone().text();
    expect(text).not.toContain(issued.key);
    const { keys } = (await listed.json()) as { keys: { id: string; name: string; createdAt: number; revokedAt: number | null }[] };
    expect(keys.map((k) => k.id)).toEqual([issued.id]);
    expect(keys[0]).toMatchObject({ name: 'server', revokedAt: null, createdAt: expect.any(Number) });
    expect((await admin('DELETE', `/api-keys/${other.id}`, adminA)).status).toBe(404);
    expect((await admin('DELETE', `/api-keys/${issued.id}`, adminA)).status).toBe(204);
    const after = await json<{ keys: { revokedAt: number | null }[] }>(admin('GET', `/sites/${A}/api-keys`, adminA));
    expect(after.keys[0]?.revokedAt).toEqual(expect.any(Number));
  });
});
