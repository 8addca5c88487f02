/**
 * Site actions are validated with the site's config (https on the site's own hosts, a secret by name),
 * and called safely: plain http only to this machine in local development, redirects not followed,
 * responses capped, every failure typed. The console's test call shows the signed request (never the
 * secret) and what the endpoint answered, on the draft config, editors only, audited.
 */

import { describe, expect, it } from 'vitest';
import { SiteAction, type SiteActionInput } from '../../shared/actions';
import { SiteConfig } from '../../shared/config';
import { callAction, MAX_ACTION_RESPONSE_BYTES } from '../../worker/actions/call';
import { signWebhook } from '../../worker/digest';
import { ACTION_SECRET, actionEndpoint, endpointHits, orderStatus } from './actions-helpers';
import { admin, BOOT, tokenFor } from './admin-helpers';
import { publishSite } from './helpers';

const base = { key: 'actions-config', name: 'Shop', origins: ['https://shop.example', 'help.example'] };
const action = (endpoint: string, extra: Partial<SiteActionInput> = {}): SiteActionInput => ({
  name: 'order_status',
  description: 'Look up an order.',
  endpoint,
  secret: 'ACTION_SECRET_ORDERS',
  ...extra,
});
const problems = (actions: SiteActionInput[], extra: Record<string, unknown> = {}) => {
  const parsed = SiteConfig.safeParse({ ...base, actions, ...extra });
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('action config validation', () => {
  it('accepts https on an origin’s host or subdomain, and loopback http (called only in development)', () => {
    expect(problems([action('https://shop.example/api/orders')])).toEqual([]);
    expect(problems([action('https://api.help.example/orders')])).toEqual([]);
    expect(problems([action('http://127.0.0.1:9000/orders')])).toEqual([]);
    const parsed = SiteAction.parse(action('https://shop.example/x'));
    expect(parsed).toMatchObject({ method: 'POST', timeoutMs: 3000, needsVerifiedVisitor: false, confirm: false, enabled: true });
  });

  it('refuses plain http, a foreign host, credentials in the URL', () => {
    expect(problems([action('http://shop.example/api/orders')])).toEqual(['actions.0.endpoint: an action endpoint must be an https URL']);
    expect(problems([action('https://evil.example/steal')])).toEqual([
      "actions.0.endpoint: the endpoint's host evil.example is not one of the site's origins",
    ]);
    expect(problems([action('https://shop.example.evil.example/')])[0]).toMatch(/not one of the site's origins/);
    expect(problems([action('https://user:pw@shop.example/')])[0]).toMatch(/credentials/);
  });

  it('refuses a secret value where the secret’s name belongs', () => {
    for (const secret of ['sk_live_51Habc0123456789', 'whsec_abcdef', 'ORDERS_KEY', 'action_secret_orders']) {
      expect(problems([action('https://shop.example/o', { secret })])[0]).toMatch(
        /^actions\.0\.secret: secret is the name of a Worker secret/,
      );
    }
  });

  it('refuses duplicate names, timeouts past the limit, a non-object schema and an intent naming no action', () => {
    expect(problems([action('https://shop.example/a'), action('https://shop.example/b')])).toEqual([
      'actions.1.name: duplicate action name "order_status"',
    ]);
    expect(problems([action('https://shop.example/a', { timeoutMs: 60_000 })])[0]).toMatch(/^actions\.0\.timeoutMs/);
    expect(problems([action('https://shop.example/a', { parameters: { type: 'string' } })])[0]).toMatch(/"type": "object"/);
    const intents = [{ id: 'where', label: 'Where', keywords: ['where is'], action: 'track_parcel' }];
    expect(problems([action('https://shop.example/a')], { intents })).toEqual(['intents.0.action: no action named "track_parcel"']);
  });
});

describe('callAction', () => {
  const dev = { PARLEY_ENV: 'development', ACTION_SECRET_TEST: ACTION_SECRET };

  it('calls loopback http only in local development', async () => {
    const endpoint = await actionEndpoint([{ actionBody: { ok: true } }]);
    const a = SiteAction.parse(orderStatus(endpoint.url));
    const refused = await callAction(a, { orderId: '1' }, { userId: 'u1' }, { env: { ACTION_SECRET_TEST: ACTION_SECRET } });
    expect(refused).toMatchObject({ ok: false, status: null, error: { code: 'forbidden' } });
    expect(await endpointHits(endpoint.id)).toHaveLength(0);
    expect(await callAction(a, { orderId: '1' }, { userId: 'u1' }, { env: dev })).toMatchObject({ ok: true, status: 200 });
  });

  it('says so when the named secret is not set, and signs GET arguments as the query string', async () => {
    const endpoint = await actionEndpoint([{ actionBody: { ok: true } }]);
    const a = SiteAction.parse({ ...orderStatus(endpoint.url), method: 'GET', secret: 'ACTION_SECRET_MISSING' });
    const unset = await callAction({ ...a, endpoint: 'https://shop.example/orders' }, {}, {}, { env: { PARLEY_ENV: 'production' } });
    expect(unset.error?.code).toBe('internal');
    const got = await callAction({ ...a, secret: 'ACTION_SECRET_TEST' }, { orderId: '77' }, { userId: 'u9' }, { env: dev });
    expect(got.ok).toBe(true);
    const [hit] = await endpointHits(endpoint.id);
    const query = new URL(`http://x${hit?.path}`).search.slice(1);
    expect(query).toBe('orderId=77&userId=u9');
    const t = Number(hit?.headers['x-parley-timestamp']);
    expect(hit?.headers['x-parley-signature']).toBe(await signWebhook(ACTION_SECRET, query, t));
  });

  it('types a too large response, an error status and a timeout', async () => {
    const big = await actionEndpoint([{ actionBytes: MAX_ACTION_RESPONSE_BYTES + 10 }]);
    const a = SiteAction.parse(orderStatus(big.url));
    expect(await callAction(a, {}, {}, { env: dev })).toMatchObject({ ok: false, status: 200, error: { code: 'too_large' } });
    const failing = await actionEndpoint([{ status: 503, actionBody: { down: true } }]);
    expect(await callAction({ ...a, endpoint: failing.url }, {}, {}, { env: dev })).toMatchObject({
      ok: false,
      status: 503,
      error: { code: 'upstream_error' },
    });
    const slow = await actionEndpoint([{ actionDelayMs: 3000 }]);
    const started = Date.now();
    const late = await callAction({ ...a, endpoint: slow.url, timeoutMs: 200 }, {}, {}, { env: dev });
    expect(late).toMatchObject({ ok: false, status: null, error: { code: 'timeout' } });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('POST /admin/api/sites/:key/actions/:name/test', () => {
  it('test-calls the draft’s action: the signed request (no secret) and the response; editors only; audited', async () => {
    const endpoint = await actionEndpoint([{ actionBody: { orderId: '4411', status: 'shipped' } }]);
    const key = `act-admin-${Date.now().toString(36)}`;
    await publishSite({ ...base, key, origins: ['localhost'], actions: [orderStatus(endpoint.url)] });
    const editor = (await tokenFor('editor', { sites: [key] })).token;
    const res = await admin('POST', `/sites/${key}/actions/order_status/test`, editor, {
      args: { orderId: '4411', userId: 'ignored' },
      identity: { userId: 'sample-user' },
    });
    expect(res.status).toBe(200);
    const out = (await res.json()) as {
      request: { method: string; url: string; headers: Record<string, string>; body: string };
      response: { status: number; body: unknown; latencyMs: number } | null;
      error?: unknown;
    };
    expect(out.response).toMatchObject({ status: 200, body: { orderId: '4411', status: 'shipped' } });
    expect(out.error).toBeUndefined();
    expect(JSON.parse(out.request.body)).toEqual({ orderId: '4411', userId: 'sample-user' });
    const t = Number(out.request.headers['x-parley-timestamp']);
    expect(out.request.headers['x-parley-signature']).toBe(await signWebhook(ACTION_SECRET, out.request.body, t));
    expect(JSON.stringify(out)).not.toContain(ACTION_SECRET);
    expect(await endpointHits(endpoint.id)).toHaveLength(1);

    const agent = (await tokenFor('agent', { sites: [key] })).token;
    expect((await admin('POST', `/sites/${key}/actions/order_status/test`, agent, { args: {} })).status).toBe(403);
    const other = (await tokenFor('editor', { sites: ['demo'] })).token;
    expect((await admin('POST', `/sites/${key}/actions/order_status/test`, other, { args: {} })).status).toBe(403);
    expect((await admin('POST', `/sites/${key}/actions/nope/test`, editor, { args: {} })).status).toBe(404);

    const audit = (await (await admin('GET', `/audit?site=${key}`, BOOT)).json()) as {
      entries: { action: string; target: string; detail: unknown }[];
    };
    const row = audit.entries.find((e) => e.action === 'action.test');
    expect(row).toMatchObject({ target: 'order_status', detail: { status: 200, error: null } });
    expect(JSON.stringify(row)).not.toContain('4411');
  });

  it('answers a failed call with response null and a typed error', async () => {
    const slow = await actionEndpoint([{ actionDelayMs: 3000 }]);
    const key = `act-admin-slow-${Date.now().toString(36)}`;
    await publishSite({ ...base, key, origins: ['localhost'], actions: [orderStatus(slow.url, { timeoutMs: 200 })] });
    const res = await admin('POST', `/sites/${key}/actions/order_status/test`, BOOT, { args: { orderId: '1' } });
    expect(await res.json()).toMatchObject({ response: null, error: { code: 'timeout' } });
  });
});
