/** Admin API: sites, their drafts, validation, publishing, versions and rollback. */
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { ParleyError } from '../../errors';
import { requireRole } from '../../middleware/require-role';
import { allSitesOnly, onlyVisible } from '../../middleware/site-scope';
import { isolateLiveCache } from '../../storage/live-cache';
import { createSite, getVersion, listSites, listVersions, publishDraft, requireSite, rollbackTo, saveDraft } from '../../storage/site-repo';
import { ANY_ROLE, audit, body, CONFIG_READERS, EDITORS, optionalBody, who } from './common';
import { parseSiteConfig } from './validate';

export const siteAdmin = new Hono<AppEnv>();

/** A publish body holds at most a short note. */
const PUBLISH_BODY = 16 * 1024;

/** The sites in the token's scope (agents see the list too: the inbox names its sites). */
siteAdmin.get('/sites', requireRole(...ANY_ROLE), async (c) =>
  c.json({ sites: onlyVisible(who(c), await listSites(c.env.DB), (s) => s.key) }),
);

siteAdmin.post('/sites', requireRole('admin'), allSitesOnly, async (c) => {
  const config = parseSiteConfig(await body(c));
  await createSite(c.env.DB, config, Date.now());
  await audit(c, 'site.create', { siteKey: config.key });
  return c.json({ key: config.key, draft: config, liveVersion: null }, 201);
});

siteAdmin.get('/sites/:key', requireRole(...CONFIG_READERS), async (c) => {
  const key = c.req.param('key');
  return c.json({ key, ...(await requireSite(c.env.DB, key)) });
});

siteAdmin.put('/sites/:key', requireRole(...EDITORS), async (c) => {
  const key = c.req.param('key');
  const raw = await body(c);
  const config = parseSiteConfig(typeof raw === 'object' && raw !== null ? { ...raw, key } : raw);
  await saveDraft(c.env.DB, config, Date.now());
  await audit(c, 'site.update', { siteKey: key });
  return c.json({ key, draft: config });
});

/** Validate a config (the body) or, with no body, the stored draft; 400 with every problem by path. */
siteAdmin.post('/sites/:key/validate', requireRole(...CONFIG_READERS), async (c) => {
  const key = c.req.param('key');
  const raw = await optionalBody(c);
  if (raw === undefined) {
    const { draft } = await requireSite(c.env.DB, key);
    return c.json({ ok: true, intents: draft.intents.length });
  }
  const config = parseSiteConfig(typeof raw === 'object' && raw !== null ? { ...raw, key } : raw);
  return c.json({ ok: true, intents: config.intents.length });
});

siteAdmin.post('/sites/:key/publish', requireRole(...EDITORS), async (c) => {
  const key = c.req.param('key');
  const raw = (await optionalBody(c, PUBLISH_BODY)) as { note?: unknown } | null | undefined;
  const note = raw?.note ?? null;
  const version = await publishDraft(c.env.DB, key, who(c).id, typeof note === 'string' ? note.slice(0, 500) : null, Date.now());
  isolateLiveCache.invalidate(key);
  await audit(c, 'site.publish', { siteKey: key, target: String(version) });
  return c.json({ key, version });
});

siteAdmin.get('/sites/:key/versions', requireRole(...CONFIG_READERS), async (c) =>
  c.json({ versions: await listVersions(c.env.DB, c.req.param('key')) }),
);

siteAdmin.get('/sites/:key/versions/:version{[0-9]+}', requireRole(...CONFIG_READERS), async (c) => {
  const key = c.req.param('key');
  const version = Number(c.req.param('version'));
  const v = await getVersion(c.env.DB, key, version);
  if (!v) throw new ParleyError('not_found', `Site "${key}" has no version ${version}.`);
  return c.json({ key, version, config: v.config });
});

siteAdmin.post('/sites/:key/rollback', requireRole(...EDITORS), async (c) => {
  const key = c.req.param('key');
  const raw = (await body(c)) as { version?: unknown } | null;
  const version = raw?.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new ParleyError('bad_request', 'version: a published version number is required');
  }
  await rollbackTo(c.env.DB, key, version, Date.now());
  isolateLiveCache.invalidate(key);
  await audit(c, 'site.rollback', { siteKey: key, target: String(version) });
  return c.json({ key, version });
});
