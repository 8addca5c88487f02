/**
 * `GET /admin/api/providers`: which model providers this deployment has credentials for, and the models
 * its default chains use with each, so the console offers only providers that can answer. Never a secret.
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
  const links = [...registry.defaultTiers.fast, ...registry.defaultTiers.default, ...registry.defaultTiers.premium];
  return c.json(
    KNOWN_PROVIDERS.map((id) => {
      const configured = registry.providers.has(id);
      const models = [...new Set(links.filter((l) => l.provider === id).map((l) => l.model))];
      return { id, configured, ...(configured ? { models: id === 'faq' ? ['faq'] : models } : {}) };
    }),
    200,
    { 'cache-control': 'no-store' },
  );
});
