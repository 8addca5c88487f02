/**
 * Operator surfaces: `/metrics` (Prometheus text), the dashboard summary, the audit log and its CSV,
 * per-site ops settings, alerts, and visitor export/delete. No CORS: only the console (same origin) and
 * scrapers (no browser) call these.
 */
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { OpsSettings } from '../../shared/ops';
import { queryTurns, toCsv } from '../audit/store';
import { requireRole, timingSafeEqual } from '../auth/require-role';
import type { AppEnv } from '../env';
import { ParleyError } from '../errors';
import { firingAlerts } from '../ops/alerts';
import { durableTranscripts } from '../ops/do-transcripts';
import { dashboardSummary, prometheusText } from '../ops/metrics';
import { deleteVisitor, exportVisitor, type VisitorPorts } from '../ops/privacy';
import { loadOpsSettings, saveOpsSettings } from '../ops/settings';
import { readJsonBody } from './body';

export const opsRoutes = new Hono<AppEnv>();

/** `/metrics` takes the `METRICS_TOKEN` secret (for scrapers) or an admin token of role auditor or admin. */
const metricsAuth = createMiddleware<AppEnv>(async (c, next) => {
  const token = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]?.trim();
  if (token && c.env.METRICS_TOKEN && timingSafeEqual(token, c.env.METRICS_TOKEN)) return next();
  return requireRole('admin', 'auditor')(c, next);
});

opsRoutes.get('/metrics', metricsAuth, async (c) =>
  c.body(await prometheusText(c.env.DB), 200, {
    'content-type': 'text/plain; version=0.0.4; charset=utf-8',
    'cache-control': 'no-store',
  }),
);

const anyRole = requireRole('admin', 'editor', 'auditor');
const readers = requireRole('admin', 'auditor');
const adminOnly = requireRole('admin');

opsRoutes.get('/admin/api/metrics/summary', anyRole, async (c) => {
  const range = c.req.query('range') === 'day' ? 'day' : 'hour';
  const site = c.req.query('site') || undefined;
  const [summary, alerts] = await Promise.all([dashboardSummary(c.env.DB, Date.now(), range, site), firingAlerts(c.env.DB)]);
  return c.json({ ...summary, alerts }, 200, { 'cache-control': 'no-store' });
});

/** Milliseconds from a query value: epoch ms or an ISO date. */
function timeParam(v: string | undefined): number | undefined {
  if (!v) return undefined;
  const n = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(n)) throw new ParleyError('bad_request', `Not a time: ${v}`);
  return n;
}

/** The per-turn audit rows (the admin change log is `/admin/api/audit`). */
opsRoutes.get('/admin/api/turns', readers, async (c) => {
  const q = c.req.query();
  const rows = await queryTurns(c.env.DB, {
    from: timeParam(q.from),
    to: timeParam(q.to),
    site: q.site,
    intent: q.intent,
    status: q.status,
    limit: q.limit ? Number(q.limit) : q.format === 'csv' ? 10_000 : 500,
  });
  if (q.format === 'csv') {
    return c.body(toCsv(rows), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="parley-audit.csv"',
      'cache-control': 'no-store',
    });
  }
  return c.json({ rows }, 200, { 'cache-control': 'no-store' });
});

opsRoutes.get('/admin/api/alerts', anyRole, async (c) => c.json({ firing: await firingAlerts(c.env.DB) }));

opsRoutes.get('/admin/api/sites/:site/ops', anyRole, async (c) => c.json(await loadOpsSettings(c.env.DB, c.req.param('site'))));

opsRoutes.put('/admin/api/sites/:site/ops', adminOnly, async (c) => {
  const parsed = OpsSettings.safeParse(await readJsonBody(c.req.raw, 16 * 1024));
  if (!parsed.success) {
    throw new ParleyError('bad_request', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
  }
  await saveOpsSettings(c.env.DB, c.req.param('site'), parsed.data);
  return c.json(parsed.data);
});

function visitorPorts(c: { env: AppEnv['Bindings']; get: (k: 'admin') => AppEnv['Variables']['admin'] }): VisitorPorts {
  const actor = c.get('admin');
  if (!actor) throw new ParleyError('unauthorized', 'An admin bearer token is required.');
  return { db: c.env.DB, transcripts: durableTranscripts(c.env), salt: c.env.AUDIT_SALT, now: () => Date.now(), actor };
}

function siteParam(v: string | undefined): string {
  if (!v) throw new ParleyError('bad_request', 'The query parameter `site` is required.');
  return v;
}

opsRoutes.get('/admin/api/visitors/:id', adminOnly, async (c) => {
  const data = await exportVisitor(visitorPorts(c), siteParam(c.req.query('site')), c.req.param('id'));
  return c.json(data, 200, { 'cache-control': 'no-store', 'content-disposition': 'attachment; filename="visitor-export.json"' });
});

opsRoutes.delete('/admin/api/visitors/:id', adminOnly, async (c) =>
  c.json(await deleteVisitor(visitorPorts(c), siteParam(c.req.query('site')), c.req.param('id'))),
);
