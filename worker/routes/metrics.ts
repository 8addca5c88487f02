/**
 * `GET /metrics`: Prometheus text. It takes the `METRICS_TOKEN` secret (for scrapers) or an admin token
 * of role auditor or admin covering all sites (the figures are deployment-wide).
 */
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { timingSafeEqual } from '../digest';
import type { AppEnv } from '../env';
import { bearerToken } from '../http/bearer';
import { requireRole } from '../middleware/require-role';
import { allSitesOnly } from '../middleware/site-scope';
import { prometheusText } from '../ops/metrics';

export const metricsRoutes = new Hono<AppEnv>();

const readers = requireRole('admin', 'auditor');

const metricsAuth = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearerToken(c.req.header('authorization'));
  if (token && c.env.METRICS_TOKEN && timingSafeEqual(token, c.env.METRICS_TOKEN)) return next();
  return readers(c, async () => {
    await allSitesOnly(c, next);
  });
});

metricsRoutes.get('/', metricsAuth, async (c) =>
  c.body(await prometheusText(c.env.DB), 200, {
    'content-type': 'text/plain; version=0.0.4; charset=utf-8',
    'cache-control': 'no-store',
  }),
);
