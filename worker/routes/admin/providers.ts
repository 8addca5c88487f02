/**
 * `GET /admin/api/providers`: which model providers this deployment has credentials for, and the models
 * it is asked for with each (whether or not it joins the default chains), so the console offers only providers that can answer. Never a secret.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { requireRole } from '../../middleware/require-role';
import { registryFor } from '../../providers/registry';
import { ANY_ROLE } from './common';

export const providersAdmin = new Hono<AppEnv>();

/** Every provider id a chain link may name (see `ChainLink` in shared/config.ts). */
const KNOWN_PROVIDERS = ['deepseek', 'siliconflow', 'openai', 'workers-ai', 'faq'] as const;

providersAdmin.get('/providers', requireRole(...ANY_ROLE), (c) => {
  const registry = registryFor(c.env);
  return c.json(
    KNOWN_PROVIDERS.map((id) => {
      const models = registry.models.get(id);
      return { id, configured: registry.providers.has(id), ...(models ? { models } : {}) };
    }),
    200,
    { 'cache-control': 'no-store' },
  );
});
