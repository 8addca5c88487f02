/**
 * Admin API, mounted at `/admin/api/cache`. Cache purge: `DELETE /admin/api/cache/sites/:site` drops every cached reply of a site,
 * `DELETE /admin/api/cache/sites/:site/intents/:intent` those of one intent (`~none` = unrouted turns).
 * KV is purged everywhere at once; other isolates' memory copies age out within MEMORY_MAX_AGE_MS.
 * Admins and editors, on the sites in their scope; every purge is in the admin change log.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { requireRole } from '../../middleware/require-role';
import { isolateCacheMemory } from '../../pipeline/cache';
import { intentPrefix, sitePrefix } from '../../pipeline/cache/key';
import { purgePrefix } from '../../pipeline/cache/store';
import { audit, EDITORS } from './common';

export const cacheAdmin = new Hono<AppEnv>();

// Per route rather than `use('*')`, so the role check sees the `:site` it scopes.
const purgers = requireRole(...EDITORS);

cacheAdmin.delete('/sites/:site', purgers, async (c) => {
  const site = c.req.param('site');
  const purged = await purgePrefix({ kv: c.env.CACHE, now: Date.now, memory: isolateCacheMemory() }, sitePrefix(site));
  await audit(c, 'cache.purge', { siteKey: site, detail: { intent: null, purged } });
  return c.json({ site, intent: null, purged });
});

cacheAdmin.delete('/sites/:site/intents/:intent', purgers, async (c) => {
  const site = c.req.param('site');
  const raw = c.req.param('intent');
  const intent = raw === '~none' ? null : raw;
  const purged = await purgePrefix({ kv: c.env.CACHE, now: Date.now, memory: isolateCacheMemory() }, intentPrefix(site, intent));
  await audit(c, 'cache.purge', { siteKey: site, target: raw, detail: { intent: raw, purged } });
  return c.json({ site, intent: raw, purged });
});
