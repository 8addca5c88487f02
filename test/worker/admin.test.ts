import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../worker/auth/types';
import { admin, BOOT, tokenFor } from './admin-helpers';

let editor: string;
let auditor: string;
let agent: string;

beforeAll(async () => {
  editor = (await tokenFor('editor')).token;
  auditor = (await tokenFor('auditor')).token;
  agent = (await tokenFor('agent')).token;
});

const site = (key: string) => ({
  key,
  name: `Shop ${key}`,
  origins: ['shop.example'],
  intents: [{ id: 'hours', label: 'Hours', examples: ['when are you open'], answer: { en: 'Nine to five.' } }],
});

describe('admin auth: 401 without a valid token, 403 for the wrong role', () => {
  it('refuses a missing or invalid token with 401', async () => {
    for (const token of [null, 'nope', 'pat_forged-token-that-was-never-issued']) {
      const res = await admin('GET', '/sites', token);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
  });

  // Every route, and the roles that may use it: everyone else gets 403.
  const table: { method: string; path: string; allowed: Role[]; body?: unknown }[] = [
    // (a body may be a function of the role, for routes that create something with a unique id)
    { method: 'GET', path: '/me', allowed: ['admin', 'editor', 'agent', 'auditor'] },
    { method: 'GET', path: '/sites', allowed: ['admin', 'editor', 'agent', 'auditor'] },
    { method: 'POST', path: '/sites', allowed: ['admin'], body: site('role-probe') },
    { method: 'GET', path: '/sites/demo', allowed: ['admin', 'editor', 'auditor'] },
    { method: 'PUT', path: '/sites/role-put', allowed: ['admin', 'editor'], body: site('role-put') },
    { method: 'POST', path: '/sites/demo/validate', allowed: ['admin', 'editor', 'auditor'] },
    { method: 'POST', path: '/sites/role-pub/publish', allowed: ['admin', 'editor'] },
    { method: 'GET', path: '/sites/demo/versions', allowed: ['admin', 'editor', 'auditor'] },
    { method: 'GET', path: '/sites/demo/versions/1', allowed: ['admin', 'editor', 'auditor'] },
    { method: 'POST', path: '/sites/role-pub/rollback', allowed: ['admin', 'editor'], body: { version: 1 } },
    { method: 'GET', path: '/sites/demo/intents', allowed: ['admin', 'editor', 'auditor'] },
    { method: 'GET', path: '/sites/demo/intents/refund', allowed: ['admin', 'editor', 'auditor'] },
    {
      method: 'POST',
      path: '/sites/role-put/intents',
      allowed: ['admin', 'editor'],
      body: (role: string) => ({ id: `x-${role}`, label: 'X', keywords: ['x'] }),
    },
    { method: 'PUT', path: '/sites/role-put/intents/hours', allowed: ['admin', 'editor'], body: { label: 'H', examples: ['open?'] } },
    { method: 'POST', path: '/route', allowed: ['admin', 'editor', 'auditor'], body: { siteKey: 'demo', text: 'hi' } },
    { method: 'POST', path: '/route', allowed: ['admin', 'editor'], body: { siteKey: 'demo', text: 'hi', draft: true } },
    { method: 'POST', path: '/try/reply', allowed: ['admin', 'editor'], body: { siteKey: 'demo', text: 'opening hours?' } },
    { method: 'GET', path: '/metrics/summary', allowed: ['admin', 'editor', 'auditor'] },
    { method: 'GET', path: '/turns', allowed: ['admin', 'auditor'] },
    { method: 'GET', path: '/sites/demo/ops', allowed: ['admin', 'editor', 'auditor'] },
    { method: 'GET', path: '/sites/demo/api-keys', allowed: ['admin'] },
    { method: 'DELETE', path: '/cache/sites/role-put', allowed: ['admin', 'editor'] },
    { method: 'GET', path: '/conversations?state=handoff', allowed: ['admin', 'editor', 'agent'] },
    { method: 'GET', path: '/tokens', allowed: ['admin'] },
    { method: 'POST', path: '/tokens', allowed: ['admin'], body: { role: 'auditor', label: 'probe' } },
    { method: 'GET', path: '/audit', allowed: ['admin', 'auditor'] },
  ];
  it('allows each role exactly the routes it should have', async () => {
    const admin2 = (await tokenFor('admin')).token;
    expect((await admin('POST', '/sites', BOOT, site('role-put'))).status).toBe(201);
    expect((await admin('POST', '/sites', BOOT, site('role-pub'))).status).toBe(201);
    for (const row of table) {
      for (const [role, token] of [
        ['admin', admin2],
        ['editor', editor],
        ['auditor', auditor],
        ['agent', agent],
      ] as const) {
        const body = typeof row.body === 'function' ? (row.body as (r: string) => unknown)(role) : row.body;
        const res = await admin(row.method, row.path, token, body);
        const ok = row.allowed.includes(role);
        expect({ route: `${row.method} ${row.path}`, role, status: res.status === 403 ? 403 : 'allowed' }).toEqual({
          route: `${row.method} ${row.path}`,
          role,
          status: ok ? 'allowed' : 403,
        });
        if (ok) expect(res.status, `${row.method} ${row.path} as ${role}: ${await res.clone().text()}`).toBeLessThan(400);
      }
    }
  });

  it('a revoked token is refused at once, and revocation needs an admin', async () => {
    const t = await tokenFor('editor');
    expect((await admin('GET', '/me', t.token)).status).toBe(200);
    expect((await admin('DELETE', `/tokens/${t.id}`, editor)).status).toBe(403);
    expect((await admin('DELETE', `/tokens/${t.id}`, BOOT)).status).toBe(204);
    expect((await admin('GET', '/me', t.token)).status).toBe(401);
    expect((await admin('DELETE', `/tokens/${t.id}`, BOOT)).status).toBe(404);
  });

  it('stores only a hash of each token, never the token itself', async () => {
    const t = await tokenFor('auditor');
    const { results } = await env.DB.prepare('SELECT * FROM admin_tokens').all();
    expect(JSON.stringify(results)).not.toContain(t.token);
    const listed = await (await admin('GET', '/tokens', BOOT)).text();
    expect(listed).toContain(t.id);
    expect(listed).not.toContain(t.token);
  });
});

describe('admin config: validation lists each problem by path', () => {
  it('refuses an invalid regex, an intent with no examples and no keywords, and bad fields, each by path', async () => {
    const bad = {
      ...site('bad'),
      origins: [],
      intents: [
        { id: 'ok', label: 'Fine', keywords: ['fine'] },
        { id: 'empty', label: 'Nothing to match' },
        { id: 'regex', label: 'Broken pattern', keywords: ['x'], patterns: ['(unclosed'] },
        { id: 'ok', label: 'Duplicate', keywords: ['y'], tier: 'turbo' },
      ],
    };
    const res = await admin('POST', '/sites/bad/validate', editor, bad);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; issues: { path: string; message: string }[] } };
    expect(body.error.code).toBe('bad_request');
    const paths = body.error.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['origins', 'intents.1.examples', 'intents.2.patterns.0', 'intents.3.tier']));
    expect(body.error.issues.find((i) => i.path === 'intents.2.patterns.0')?.message).toMatch(/regular expression/);
    // The same config is refused when saved, and nothing is written.
    expect((await admin('POST', '/sites', BOOT, bad)).status).toBe(400);
    expect((await admin('GET', '/sites/bad', BOOT)).status).toBe(404);
  });

  it('refuses a duplicate intent id and an intent without examples or keywords on the intents route', async () => {
    expect((await admin('POST', '/sites/demo/intents', editor, { id: 'nothing', label: 'No way to match' })).status).toBe(400);
    expect((await admin('POST', '/sites/demo/intents', editor, { id: 'refund', label: 'Again', keywords: ['x'] })).status).toBe(409);
  });
});

describe('admin config: draft, publish, versions, rollback, audit', () => {
  it('edits intents in the draft, publishes a new version, lists versions and rolls back', async () => {
    const key = 'flow';
    expect((await admin('POST', '/sites', BOOT, site(key))).status).toBe(201);
    const pub1 = await admin('POST', `/sites/${key}/publish`, editor, { note: 'first' });
    expect(await pub1.json()).toEqual({ key, version: 1 });
    const added = await admin('POST', `/sites/${key}/intents`, editor, {
      id: 'refund',
      label: 'Refunds',
      examples: ['where is my refund', 'money back'],
      answer: { en: 'Five days.' },
    });
    expect(added.status).toBe(201);
    expect(((await (await admin('GET', `/sites/${key}/intents`, auditor)).json()) as { intents: unknown[] }).intents).toHaveLength(2);
    const upd = await admin('PUT', `/sites/${key}/intents/refund`, editor, {
      label: 'Refunds!',
      examples: ['refund please'],
      tier: 'premium',
    });
    expect(await upd.json()).toMatchObject({ intent: { id: 'refund', label: 'Refunds!', tier: 'premium' } });
    expect((await admin('POST', `/sites/${key}/publish`, editor)).status).toBe(200);
    const versions = (await (await admin('GET', `/sites/${key}/versions`, auditor)).json()) as {
      versions: { version: number; live: boolean; createdBy: string }[];
    };
    expect(versions.versions.map((v) => [v.version, v.live])).toEqual([
      [2, true],
      [1, false],
    ]);
    const v1 = (await (await admin('GET', `/sites/${key}/versions/1`, auditor)).json()) as { config: { intents: unknown[] } };
    expect(v1.config.intents).toHaveLength(1);
    expect((await admin('POST', `/sites/${key}/rollback`, editor, { version: 9 })).status).toBe(404);
    expect((await admin('POST', `/sites/${key}/rollback`, editor, { version: 1 })).status).toBe(200);
    const after = (await (await admin('GET', `/sites/${key}`, auditor)).json()) as { liveVersion: number; draft: { intents: unknown[] } };
    expect(after.liveVersion).toBe(1);
    expect(after.draft.intents).toHaveLength(1);
    expect((await admin('DELETE', `/sites/${key}/intents/hours`, editor)).status).toBe(204);
    expect((await admin('DELETE', `/sites/${key}/intents/hours`, editor)).status).toBe(404);

    // Every change is in the audit log with who did it.
    const audit = (await (await admin('GET', `/audit?site=${key}`, auditor)).json()) as {
      entries: { action: string; role: string; actor: string }[];
    };
    expect(audit.entries.map((e) => e.action).reverse()).toEqual([
      'site.create',
      'site.publish',
      'intent.create',
      'intent.update',
      'site.publish',
      'site.rollback',
      'intent.delete',
    ]);
    expect(audit.entries.at(-1)).toMatchObject({ actor: 'bootstrap', role: 'admin' });
    expect(audit.entries[0]?.role).toBe('editor');
  });

  it('keeps the audit log append-only', async () => {
    await expect(env.DB.prepare('DELETE FROM admin_audit').run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare("UPDATE admin_audit SET actor = 'someone else'").run()).rejects.toThrow(/append-only/);
  });

  it('lists the seeded demo site with at least 15 intents in English and Chinese', async () => {
    const sites = (await (await admin('GET', '/sites', auditor)).json()) as { sites: { key: string; liveVersion: number | null }[] };
    expect(sites.sites.find((s) => s.key === 'demo')?.liveVersion).toBeGreaterThanOrEqual(1);
    const { intents } = (await (await admin('GET', '/sites/demo/intents', auditor)).json()) as {
      intents: { id: string; examples: string[]; answer?: Record<string, string> }[];
    };
    expect(intents.length).toBeGreaterThanOrEqual(15);
    const zh = intents.filter((i) => i.examples.some((e) => /\p{Script=Han}/u.test(e)));
    expect(zh.length).toBe(intents.length);
  });
});
