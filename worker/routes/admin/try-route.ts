/** Admin API: `POST /admin/api/route`, the try-it box: a message in, the router's decision and reasons out. */
import { Hono } from 'hono';
import { z } from 'zod';
import { requireRole } from '../../auth/require-role';
import type { AppEnv } from '../../env';
import { ParleyError } from '../../errors';
import { compileRouter, trainRouterModel } from '../../pipeline/router';
import { loadLiveSite } from '../../storage/live-site';
import { requireSite } from '../../storage/site-repo';
import { ANY_ROLE, body } from './common';
import { ConfigInvalidError, problemsOf } from './validate';

export const tryRouteAdmin = new Hono<AppEnv>();

const TryRoute = z.object({
  siteKey: z.string().min(1).max(128),
  text: z.string().trim().min(1).max(4000),
  locale: z.string().max(35).optional(),
  /** Route against the unpublished draft (trained now, for this request only) instead of the live version. */
  draft: z.boolean().default(false),
});

tryRouteAdmin.post('/route', requireRole(...ANY_ROLE), async (c) => {
  const r = TryRoute.safeParse(await body(c));
  if (!r.success) throw new ConfigInvalidError(problemsOf(r.error));
  const { siteKey, text, locale, draft } = r.data;
  let router: ReturnType<typeof compileRouter>;
  let version: number | null;
  if (draft) {
    const site = await requireSite(c.env.DB, siteKey);
    router = compileRouter(site.draft, trainRouterModel(site.draft.intents));
    version = null;
  } else {
    const live = await loadLiveSite(c.env.DB, siteKey);
    if (!live) throw new ParleyError('not_found', `Site "${siteKey}" has no published version.`);
    router = live.router;
    version = live.site.version;
  }
  return c.json({ siteKey, version, decision: router.route(text, locale) });
});
