/** Admin API: who am I, tokens (admin only) and the audit log (admin, auditor). */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../env';
import { ParleyError } from '../../errors';
import { requireRole } from '../../middleware/require-role';
import { listAudit } from '../../storage/audit';
import { issueToken, listTokens, revokeToken } from '../../storage/tokens';
import { ANY_ROLE, audit, body, who } from './common';
import { parseAdminInput } from './validate';

export const accessAdmin = new Hono<AppEnv>();

const NewToken = z.object({ role: z.enum(['admin', 'editor', 'auditor']), label: z.string().trim().min(1).max(100) });

accessAdmin.get('/me', requireRole(...ANY_ROLE), (c) => c.json(who(c)));

accessAdmin.get('/tokens', requireRole('admin'), async (c) => c.json({ tokens: await listTokens(c.env.DB) }));

/** Issue a token; the secret is in this response only. */
accessAdmin.post('/tokens', requireRole('admin'), async (c) => {
  const { role, label } = parseAdminInput(NewToken, await body(c));
  const issued = await issueToken(c.env.DB, role, label, who(c).id, Date.now());
  await audit(c, 'token.issue', { target: issued.id, detail: { role, label } });
  return c.json({ id: issued.id, token: issued.token, role, label }, 201);
});

accessAdmin.delete('/tokens/:id', requireRole('admin'), async (c) => {
  const id = c.req.param('id');
  if (!(await revokeToken(c.env.DB, id, Date.now()))) throw new ParleyError('not_found', `No live token "${id}".`);
  await audit(c, 'token.revoke', { target: id });
  return c.body(null, 204);
});

accessAdmin.get('/audit', requireRole('admin', 'auditor'), async (c) => {
  const limit = Math.min(Math.max(Number(c.req.query('limit') ?? 100) || 100, 1), 500);
  const before = c.req.query('before') ? Number(c.req.query('before')) : undefined;
  const siteKey = c.req.query('site') || undefined;
  return c.json({ entries: await listAudit(c.env.DB, { limit, ...(before ? { before } : {}), ...(siteKey ? { siteKey } : {}) }) });
});
