/** Admin API: the intents of a site's draft (publish to make changes live). */
import { Hono } from 'hono';
import type { Intent } from '../../../shared/config';
import type { AppEnv } from '../../env';
import { ParleyError } from '../../errors';
import { requireRole } from '../../middleware/require-role';
import { requireSite, saveDraft } from '../../storage/site-repo';
import { audit, body, CONFIG_READERS, EDITORS } from './common';
import { parseIntent, parseSiteConfig } from './validate';

export const intentAdmin = new Hono<AppEnv>();

const findIntent = (intents: Intent[], id: string) => {
  const intent = intents.find((i) => i.id === id);
  if (!intent) throw new ParleyError('not_found', `No intent "${id}".`);
  return intent;
};

intentAdmin.get('/sites/:key/intents', requireRole(...CONFIG_READERS), async (c) => {
  const { draft } = await requireSite(c.env.DB, c.req.param('key'));
  return c.json({ intents: draft.intents });
});

intentAdmin.get('/sites/:key/intents/:id', requireRole(...CONFIG_READERS), async (c) => {
  const { draft } = await requireSite(c.env.DB, c.req.param('key'));
  return c.json({ intent: findIntent(draft.intents, c.req.param('id')) });
});

intentAdmin.post('/sites/:key/intents', requireRole(...EDITORS), async (c) => {
  const key = c.req.param('key');
  const intent = parseIntent(await body(c));
  const { draft } = await requireSite(c.env.DB, key);
  if (draft.intents.some((i) => i.id === intent.id)) throw new ParleyError('conflict', `Intent "${intent.id}" already exists.`);
  await saveDraft(c.env.DB, parseSiteConfig({ ...draft, intents: [...draft.intents, intent] }), Date.now());
  await audit(c, 'intent.create', { siteKey: key, target: intent.id });
  return c.json({ intent }, 201);
});

intentAdmin.put('/sites/:key/intents/:id', requireRole(...EDITORS), async (c) => {
  const key = c.req.param('key');
  const id = c.req.param('id');
  const raw = await body(c);
  const intent = parseIntent(typeof raw === 'object' && raw !== null ? { ...raw, id } : raw);
  const { draft } = await requireSite(c.env.DB, key);
  findIntent(draft.intents, id);
  const intents = draft.intents.map((i) => (i.id === id ? intent : i));
  await saveDraft(c.env.DB, parseSiteConfig({ ...draft, intents }), Date.now());
  await audit(c, 'intent.update', { siteKey: key, target: id });
  return c.json({ intent });
});

intentAdmin.delete('/sites/:key/intents/:id', requireRole(...EDITORS), async (c) => {
  const key = c.req.param('key');
  const id = c.req.param('id');
  const { draft } = await requireSite(c.env.DB, key);
  findIntent(draft.intents, id);
  await saveDraft(c.env.DB, { ...draft, intents: draft.intents.filter((i) => i.id !== id) }, Date.now());
  await audit(c, 'intent.delete', { siteKey: key, target: id });
  return c.body(null, 204);
});
