/**
 * The admin API, mounted once at `/admin/api`: bearer tokens with roles (each sub-app checks its own),
 * every change audited. Each sub-app is mounted once with relative paths.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { ensureDemoSite } from '../../storage/seed';
import { accessAdmin } from './access';
import { actionsAdmin } from './actions';
import { cacheAdmin } from './cache';
import { conversationsAdmin } from './conversations';
import { gatewayAdmin } from './gateway';
import { intentAdmin } from './intents';
import { knowledgeAdmin } from './knowledge';
import { opsAdmin } from './ops';
import { outcomesAdmin } from './outcomes';
import { providersAdmin } from './providers';
import { siteAdmin } from './sites';
import { tryReplyAdmin } from './try-reply';
import { tryRouteAdmin } from './try-route';

export const adminApi = new Hono<AppEnv>();

// The seeded demo site exists before anyone lists or edits sites.
let seeded = false;
adminApi.use('*', async (c, next) => {
  if (!seeded) {
    await ensureDemoSite(c.env.DB, Date.now());
    seeded = true;
  }
  await next();
});

adminApi.route('/', accessAdmin); // /me, /tokens, /audit (the admin change log)
adminApi.route('/', siteAdmin); // /sites, drafts, validate, publish, versions, rollback
adminApi.route('/', intentAdmin); // /sites/:key/intents
adminApi.route('/', actionsAdmin); // POST /sites/:key/actions/:name/test
adminApi.route('/', knowledgeAdmin); // /sites/:key/knowledge[-import|-upload|-search|-passages|-flagged|-unanswered]
adminApi.route('/', tryRouteAdmin); // POST /route
adminApi.route('/', tryReplyAdmin); // POST /try/reply
adminApi.route('/', gatewayAdmin); // /sites/:siteKey/api-keys, /api-keys/:id, /gateway/breakers
adminApi.route('/', providersAdmin); // GET /providers (configured or not, never the keys)
adminApi.route('/', opsAdmin); // /metrics/summary, /turns, /alerts, /sites/:site/ops, /visitors/:id
adminApi.route('/', outcomesAdmin); // /offline, /outcomes
adminApi.route('/cache', cacheAdmin); // DELETE /cache/sites/:site[/intents/:intent]
adminApi.route('/conversations', conversationsAdmin); // handoff inbox and agent replies
