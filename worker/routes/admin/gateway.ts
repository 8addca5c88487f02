/**
 * Admin API for the model gateway, mounted at `/admin/api`: issue and revoke server API keys for the
 * OpenAI-compatible endpoint, and read every circuit breaker's state. Admins only.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../env';
import { ParleyError } from '../../errors';
import { readOptionalJsonBody } from '../../http/body';
import { requireRole } from '../../middleware/require-role';
import { reportedBreakers } from '../../ops/breakers';
import { isolateGateway } from '../../pipeline/gateway/runtime';
import { issueApiKey, revokeApiKey } from '../../storage/api-keys';
import { resolveSite } from '../site-auth';

export const gatewayAdmin = new Hono<AppEnv>();

const IssueKeyBody = z.object({ name: z.string().trim().min(1).max(100).optional() });

const adminOnly = requireRole('admin');
gatewayAdmin.use('/gateway/*', adminOnly);
gatewayAdmin.use('/sites/:siteKey/api-keys', adminOnly);
gatewayAdmin.use('/api-keys/*', adminOnly);

/** Issue a key: the response holds it once; only its hash is kept. */
gatewayAdmin.post('/sites/:siteKey/api-keys', async (c) => {
  const site = await resolveSite(c.env, c.req.param('siteKey'), undefined).catch(() => null);
  if (!site) throw new ParleyError('not_found', 'No such site.');
  const raw = (await readOptionalJsonBody(c.req.raw, 4096)) ?? {};
  const body = IssueKeyBody.safeParse(raw);
  if (!body.success) throw new ParleyError('bad_request', 'name: 1 to 100 characters.');
  const issued = await issueApiKey(c.env.DB, site.key, body.data.name ?? null, Date.now());
  return c.json(issued, 201, { 'cache-control': 'no-store' });
});

gatewayAdmin.delete('/api-keys/:id', async (c) => {
  if (!(await revokeApiKey(c.env.DB, c.req.param('id'), Date.now()))) throw new ParleyError('not_found', 'No such active key.');
  return c.body(null, 204);
});

/**
 * Every breaker this isolate has seen (provider, model, state, window counts, when it next probes), and
 * the latest transition any isolate reported, conversation objects included (`reported`).
 */
gatewayAdmin.get('/gateway/breakers', async (c) =>
  c.json({ breakers: isolateGateway.breakers.statuses(), reported: await reportedBreakers(c.env.DB, Date.now()) }),
);
