/** Admin API: who am I, tokens (all-sites admins only) and the admin change log (admin, auditor; scoped). */
import { Hono } from 'hono';
import { z } from 'zod';
import { SiteKey } from '../../../shared/config';
import { ROLES } from '../../auth/types';
import type { AppEnv } from '../../env';
import { ParleyError } from '../../errors';
import { requireRole } from '../../middleware/require-role';
import { allSitesOnly } from '../../middleware/site-scope';
import { listAudit } from '../../storage/audit';
import { getSite } from '../../storage/site-repo';
import { issueToken, listTokens, revokeToken } from '../../storage/tokens';
import { ANY_ROLE, audit, body, who } from './common';
import { parseAdminInput } from './validate';

export const accessAdmin = new Hono<AppEnv>();

const NewToken = z.object({
  role: z.enum(ROLES),
  label: z.string().trim().min(1).max(100),
  /** The sites the token may use; absent for every site. */
  sites: z
    .array(SiteKey)
    .min(1)
    .max(100)
    .transform((sites) => [...new Set(sites)].sort())
    .optional(),
});

accessAdmin.get('/me', requireRole(...ANY_ROLE), (c) => {
  const { id, role, label, sites } = who(c);
  return c.json({ id, role, label, sites });
});

const tokenAdmin = [requireRole('admin'), allSitesOnly] as const;

accessAdmin.get('/tokens', ...tokenAdmin, async (c) => c.json({ tokens: await listTokens(c.env.DB) }));

/** Issue a token; the secret is in this response only. Every site it names must exist. */
accessAdmin.post('/tokens', ...tokenAdmin, async (c) => {
  const { role, label, sites } = parseAdminInput(NewToken, await body(c, 16 * 1024));
  for (const site of sites ?? []) {
    if (!(await getSite(c.env.DB, site))) throw new ParleyError('bad_request', `sites: no site "${site}".`);
  }
  const grant = { role, label, sites: sites ?? null };
  const issued = await issueToken(c.env.DB, grant, who(c).id, Date.now());
  await audit(c, 'token.issue', { target: issued.id, detail: grant });
  return c.json({ id: issued.id, token: issued.token, ...grant }, 201, { 'cache-control': 'no-store' });
});

accessAdmin.delete('/tokens/:id', ...tokenAdmin, async (c) => {
  const id = c.req.param('id');
  if (!(await revokeToken(c.env.DB, id, Date.now()))) throw new ParleyError('not_found', `No live token "${id}".`);
  await audit(c, 'token.revoke', { target: id });
  return c.body(null, 204);
});

/** Newest first. A scoped token sees the entries of its sites only (never deployment-wide ones). */
accessAdmin.get('/audit', requireRole('admin', 'auditor'), async (c) => {
  const limit = Math.min(Math.max(Number(c.req.query('limit') ?? 100) || 100, 1), 500);
  const before = c.req.query('before') ? Number(c.req.query('before')) : undefined;
  const siteKey = c.req.query('site') || undefined;
  const sites = who(c).sites;
  return c.json({
    entries: await listAudit(c.env.DB, {
      limit,
      ...(before ? { before } : {}),
      ...(siteKey ? { siteKey } : {}),
      ...(sites ? { sites } : {}),
    }),
  });
});
