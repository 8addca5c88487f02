/**
 * Admin API for the support team's outcomes, mounted at `/admin/api`:
 *   GET /admin/api/offline?siteKey=…                      offline messages, newest first (agents and up)
 *   GET /admin/api/outcomes?site=…&range=day|week|month   CSAT, resolution and handoff rates, waits, unanswered
 * Both are site-scoped: a token limited to some sites reads only those.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../env';
import { ParleyError } from '../../errors';
import { parseInput } from '../../http/validation';
import { requireRole } from '../../middleware/require-role';
import { clock } from '../../outcomes/clock';
import { offlineMessages } from '../../outcomes/offline-store';
import { outcomeSummary } from '../../outcomes/queries';
import { AGENTS, requireSiteScope, who } from './common';

export const outcomesAdmin = new Hono<AppEnv>();

const RANGES = { day: 86_400_000, week: 7 * 86_400_000, month: 30 * 86_400_000 } as const;
const SiteQuery = z.object({ siteKey: z.string().min(1).max(128) });

outcomesAdmin.get('/offline', requireRole(...AGENTS), async (c) => {
  const { siteKey } = parseInput(SiteQuery, { siteKey: c.req.query('siteKey') });
  requireSiteScope(c, siteKey);
  return c.json({ messages: await offlineMessages(c.env.DB).list(siteKey) }, 200, { 'cache-control': 'no-store' });
});

outcomesAdmin.get('/outcomes', requireRole('admin', 'editor', 'agent', 'auditor'), async (c) => {
  const range = c.req.query('range') ?? 'week';
  if (!(range in RANGES)) throw new ParleyError('bad_request', 'range is day, week or month.');
  let site = c.req.query('site') || undefined;
  const sites = who(c).sites;
  if (site) requireSiteScope(c, site);
  else if (sites !== null) {
    if (sites.length !== 1) throw new ParleyError('bad_request', 'This token covers several sites: name one with `?site`.');
    site = sites[0];
  }
  // Up to and including this instant.
  const to = clock.now() + 1;
  const from = to - RANGES[range as keyof typeof RANGES];
  return c.json({ from, to, site: site ?? null, ...(await outcomeSummary(c.env.DB, from, to, site)) }, 200, {
    'cache-control': 'no-store',
  });
});
