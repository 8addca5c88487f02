/** The Admin API under `/admin/api/`: bearer tokens with roles; every change is audited. */
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { ensureDemoSite } from '../../storage/seed';
import { accessAdmin } from './access';
import { intentAdmin } from './intents';
import { siteAdmin } from './sites';
import { tryRouteAdmin } from './try-route';

export const adminRoutes = new Hono<AppEnv>();

// The seeded demo site exists before anyone lists or edits sites.
let seeded = false;
adminRoutes.use('*', async (c, next) => {
  if (!seeded) {
    await ensureDemoSite(c.env.DB, Date.now());
    seeded = true;
  }
  await next();
});

adminRoutes.route('/', accessAdmin);
adminRoutes.route('/', siteAdmin);
adminRoutes.route('/', intentAdmin);
adminRoutes.route('/', tryRouteAdmin);
