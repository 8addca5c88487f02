/**
 * Admin API for the model gateway, mounted at `/admin/api`: list, issue and revoke a site's server API
 * keys for the OpenAI-compatible endpoint (admins, on the sites in their scope; every issue and revoke
 * is in the admin change log), and read every circuit breaker's state (admins).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../env';
import { ParleyError } from '../../errors';
import { readOptionalJsonBody } from '../../http/body';
import { requireRole } from '../../middleware/require-role';
import { maySee } from '../../middleware/site-scope';
import { reportedBreakers } from '../../ops/breakers';
import { isolateGateway } from '../../pipeline/gateway/runtime';
import { findApiKey, issueApiKey, listApiKeys, revokeApiKey } from '../../storage/api-keys';
import { resolveSite } from '../site-auth';
import { audit, who } from './common';

export const gatewayAdmin = new Hono<AppEnv>();

const IssueKeyBody = z.object({ name: z.string().trim().min(1).max(100).optional() });

const adminOnly = requireRole('admin');
gatewayAdmin.use('/gateway/*', adminOnly);
gatewayAdmin.use('/sites/:siteKey/api-keys', adminOnly);
gatewayAdmin.use('/api-keys/*', adminOnly);

/** A site's keys: ids, names, prefixes and dates, never a secret. */
gatewayAdmin.get('/sites/:siteKey/api-keys', async (c) =>
  c.json({ keys: await listApiKeys(c.env.DB, c.req.param('siteKey')) }, 200, { 'cache-control': 'no-store' }),
);

/** Issue a key: the response holds it once; only its hash is kept. */
gatewayAdmin.post('/sites/:siteKey/api-keys', async (c) => {
  const site = await resolveSite(c.env, c.req.param('siteKey'), undefined).catch(() => null);
  if (!site) throw new ParleyError('not_found', 'No such site.');
  const raw = (await readOptionalJsonBody(c.req.raw, 4096)) ?? {};
  const body = IssueKeyBody.safeParse(raw);
  if (!body.success) throw new ParleyError('bad_request', 'name: 1 to 100 characters.');
  const issued = await issueApiKey(c.env.DB, site.key, body.data.name ?? null, Date.now());
  await audit(c, 'api_key.issue', { siteKey: site.key, target: issued.id, detail: { name: issued.name } });
  return c.json(issued, 201, { 'cache-control': 'no-store' });
});

/** Revoke a key; a key of a site outside the token's scope is as unknown as a missing one. */
gatewayAdmin.delete('/api-keys/:id', async (c) => {
  const id = c.req.param('id');
  const key = await findApiKey(c.env.DB, id);
  if (!key || !maySee(who(c), key.siteKey) || !(await revokeApiKey(c.env.DB, id, Date.now()))) {
    throw new ParleyError('not_found', 'No such active key.');
  }
  await audit(c, 'api_key.revoke', { siteKey: key.siteKey, target: id });
  return c.body(null, 204);
});

/**
 * Every breaker this isolate has seen (provider, model, state, window counts, when it next probes), and
 * the latest transition any isolate reported, conversation objects included (`reported`).
 */
gatewayAdmin.get('/gateway/breakers', async (c) =>
  c.json({ breakers: isolateGateway.breakers.statuses(), reported: await reportedBreakers(c.env.DB, Date.now()) }),
);
