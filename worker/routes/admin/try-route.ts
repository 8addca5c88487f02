/** Admin API: `POST /admin/api/route`, the try-it box: a message in, the router's decision and reasons out. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { SiteConfig } from '../../../shared/config';
import { defaultGuardPolicy } from '../../../shared/guard-policy';
import type { AppEnv } from '../../env';
import { ParleyError } from '../../errors';
import { emptyVault, guardInput } from '../../guards';
import { defaultScanners } from '../../guards/scanners';
import { requireRole } from '../../middleware/require-role';
import { compileRouter, trainRouterModel } from '../../pipeline/router';
import { loadLiveSite } from '../../storage/live-site';
import { requireSite } from '../../storage/site-repo';
import { ANY_ROLE, body } from './common';
import { parseAdminInput } from './validate';

export const tryRouteAdmin = new Hono<AppEnv>();

const TryRoute = z.object({
  siteKey: z.string().min(1).max(128),
  text: z.string().trim().min(1).max(4000),
  locale: z.string().max(35).optional(),
  /** Route against the unpublished draft (trained now, for this request only) instead of the live version. */
  draft: z.boolean().default(false),
});

tryRouteAdmin.post('/route', requireRole(...ANY_ROLE), async (c) => {
  const { siteKey, text, locale, draft } = parseAdminInput(TryRoute, await body(c));
  let router: ReturnType<typeof compileRouter>;
  let version: number | null;
  let config: SiteConfig;
  if (draft) {
    const site = await requireSite(c.env.DB, siteKey);
    config = site.draft;
    router = compileRouter(site.draft, trainRouterModel(site.draft.intents));
    version = null;
  } else {
    const live = await loadLiveSite(c.env.DB, siteKey);
    if (!live) throw new ParleyError('not_found', `Site "${siteKey}" has no published version.`);
    config = live.site;
    router = live.router;
    version = live.site.version;
  }
  // What the pipeline would do first: the input guard's verdict and the masked text routing and any model see.
  const policy = config.guards ?? defaultGuardPolicy();
  const guarded = guardInput(text, policy, emptyVault(), defaultScanners(policy), Date.now);
  const verdict = guarded.blocked ? `blocked (${guarded.blocked})` : guarded.actions.length ? guarded.actions.join(', ') : 'allowed';
  const decision = guarded.blocked ? router.route(text, locale) : router.route(guarded.text, locale);
  return c.json({ siteKey, version, decision: { ...decision, masked: guarded.blocked ? null : guarded.text, verdict } });
});
