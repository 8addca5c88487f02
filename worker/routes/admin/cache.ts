/**
 * Admin API, mounted at `/admin/api/cache`. Cache purge: `DELETE /admin/api/cache/sites/:site` drops every cached reply of a site,
 * `DELETE /admin/api/cache/sites/:site/intents/:intent` those of one intent (`~none` = unrouted turns).
 * KV is purged everywhere at once; other isolates' memory copies age out within MEMORY_MAX_AGE_MS.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { requireRole } from '../../middleware/require-role';
import { isolateCacheMemory } from '../../pipeline/cache';
import { intentPrefix, sitePrefix } from '../../pipeline/cache/key';
import { purgePrefix } from '../../pipeline/cache/store';

export const cacheAdmin = new Hono<AppEnv>();

cacheAdmin.use('*', requireRole('admin', 'editor'));

cacheAdmin.delete('/sites/:site', async (c) => {
  const site = c.req.param('site');
  const purged = await purgePrefix({ kv: c.env.CACHE, now: Date.now, memory: isolateCacheMemory() }, sitePrefix(site));
  return c.json({ site, intent: null, purged });
});

cacheAdmin.delete('/sites/:site/intents/:intent', async (c) => {
  const site = c.req.param('site');
  const raw = c.req.param('intent');
  const intent = raw === '~none' ? null : raw;
  const purged = await purgePrefix({ kv: c.env.CACHE, now: Date.now, memory: isolateCacheMemory() }, intentPrefix(site, intent));
  return c.json({ site, intent: raw, purged });
});
