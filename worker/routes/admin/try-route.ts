/**
 * Admin API: `POST /admin/api/route`, the try-it box: a message in, the router's decision and reasons out.
 * Against the live version for every config reader; against the draft (a classifier trained for it,
 * cached per draft hash) for editors and admins only. `router` says which router answered.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { SiteConfig } from '../../../shared/config';
import type { AppEnv } from '../../env';
import { ParleyError } from '../../errors';
import { emptyVault, guardInput } from '../../guards';
import { DEFAULT_GUARDS } from '../../guards/default-policy';
import { defaultScanners } from '../../guards/scanners';
import { requireRole } from '../../middleware/require-role';
import type { Router } from '../../pipeline/router';
import { loadLiveSite } from '../../storage/live-site';
import { requireSite } from '../../storage/site-repo';
import { body, CONFIG_READERS, EDITORS, requireSiteScope, who } from './common';
import { isolateDraftRouters } from './draft-routers';
import { parseAdminInput } from './validate';

export const tryRouteAdmin = new Hono<AppEnv>();

const TryRoute = z.object({
  siteKey: z.string().min(1).max(128),
  text: z.string().trim().min(1).max(4000),
  locale: z.string().max(35).optional(),
  /** Route against the unpublished draft (trained once per draft content) instead of the live version. */
  draft: z.boolean().default(false),
});

tryRouteAdmin.post('/route', requireRole(...CONFIG_READERS), async (c) => {
  const { siteKey, text, locale, draft } = parseAdminInput(TryRoute, await body(c));
  requireSiteScope(c, siteKey);
  let router: Router;
  let version: number | null;
  let config: SiteConfig;
  let source: 'live' | 'draft-trained' | 'draft-cached' = 'live';
  if (draft) {
    if (!EDITORS.includes(who(c).role)) throw new ParleyError('forbidden', 'Routing against the draft needs the role admin or editor.');
    const site = await requireSite(c.env.DB, siteKey);
    config = site.draft;
    const trained = await isolateDraftRouters.get(site.draft);
    router = trained.router;
    source = trained.cached ? 'draft-cached' : 'draft-trained';
    version = null;
  } else {
    const live = await loadLiveSite(c.env.DB, siteKey);
    if (!live) throw new ParleyError('not_found', `Site "${siteKey}" has no published version.`);
    config = live.site;
    router = live.router;
    version = live.site.version;
  }
  // What the pipeline would do first: the input guard's verdict and the masked text routing and any model see.
  const policy = config.guards ?? DEFAULT_GUARDS;
  const guarded = guardInput(text, policy, emptyVault(), defaultScanners(policy), Date.now);
  const verdict = guarded.blocked ? `blocked (${guarded.blocked})` : guarded.actions.length ? guarded.actions.join(', ') : 'allowed';
  const decision = guarded.blocked ? router.route(text, locale) : router.route(guarded.text, locale);
  return c.json({ siteKey, version, router: source, decision: { ...decision, masked: guarded.blocked ? null : guarded.text, verdict } });
});
