/**
 * `POST /admin/api/sites/:key/actions/:name/test`: the console's test call of a site action with a sample
 * argument set, against the draft config (the one being edited). Editors and admins, on sites in their
 * scope; audited (name, status, latency, never the payloads). The answer shows the signed request as sent
 * (signature, never the secret) and what the endpoint answered.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { callAction } from '../../actions/call';
import type { AppEnv } from '../../env';
import { ParleyError } from '../../errors';
import { parseInput } from '../../http/validation';
import { requireRole } from '../../middleware/require-role';
import { requireSite } from '../../storage/site-repo';
import { audit, body, EDITORS } from './common';

export const actionsAdmin = new Hono<AppEnv>();

const TestCall = z.object({
  args: z.record(z.string(), z.unknown()).default({}),
  /** A sample verified identity (what a visitor token would give); absent = an anonymous visitor. */
  identity: z.object({ userId: z.string().min(1).max(128).optional(), email: z.string().max(254).optional() }).default({}),
});

actionsAdmin.post('/sites/:key/actions/:name/test', requireRole(...EDITORS), async (c) => {
  const key = c.req.param('key');
  const name = c.req.param('name');
  const { args, identity } = parseInput(TestCall, await body(c, 16 * 1024));
  const { draft } = await requireSite(c.env.DB, key);
  const action = draft.actions?.find((a) => a.name === name);
  if (!action) throw new ParleyError('not_found', `Site "${key}" has no action "${name}".`);
  const result = await callAction(action, args, identity, { env: c.env });
  await audit(c, 'action.test', {
    siteKey: key,
    target: name,
    detail: { status: result.status, latencyMs: result.latencyMs, error: result.error?.code ?? null },
  });
  return c.json({
    request: result.request,
    response: result.status === null ? null : { status: result.status, body: result.body, latencyMs: result.latencyMs },
    ...(result.error ? { error: result.error } : {}),
  });
});
