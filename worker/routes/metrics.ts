/**
 * `GET /metrics`: Prometheus text. It takes the `METRICS_TOKEN` secret (for scrapers) or an admin token
 * of role auditor or admin covering all sites (the figures are deployment-wide): the turns' figures, then the
 * conversations' outcomes (CSAT, resolution, handoff, waits; worker/outcomes/).
 */
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { timingSafeEqual } from '../digest';
import type { AppEnv } from '../env';
import { bearerToken } from '../http/bearer';
import { requireRole } from '../middleware/require-role';
import { allSitesOnly } from '../middleware/site-scope';
import { prometheusText } from '../ops/metrics';
import { outcomePrometheus } from '../outcomes/prometheus';

export const metricsRoutes = new Hono<AppEnv>();

const readers = requireRole('admin', 'auditor');

const metricsAuth = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearerToken(c.req.header('authorization'));
  if (token && c.env.METRICS_TOKEN && timingSafeEqual(token, c.env.METRICS_TOKEN)) return next();
  return readers(c, async () => {
    await allSitesOnly(c, next);
  });
});

metricsRoutes.get('/', metricsAuth, async (c) => {
  const [turns, outcomes] = await Promise.all([prometheusText(c.env.DB), outcomePrometheus(c.env.DB)]);
  return c.body(turns + outcomes, 200, {
    'content-type': 'text/plain; version=0.0.4; charset=utf-8',
    'cache-control': 'no-store',
  });
});
