/**
 * Admin API for operators, mounted at `/admin/api`: the dashboard summary, the per-turn audit rows and
 * their CSV, alerts, per-site ops settings, and visitor export/delete. No CORS: only the console (same
 * origin) calls these. A token limited to some sites sees those sites' figures and rows only.
 */
import { type Context, Hono } from 'hono';
import { OpsSettings } from '../../../shared/ops';
import { toCsv } from '../../audit/store';
import type { AppEnv } from '../../env';
import { ParleyError } from '../../errors';
import { readJsonBody } from '../../http/body';
import { parseInput } from '../../http/validation';
import { requireRole } from '../../middleware/require-role';
import { onlyVisible } from '../../middleware/site-scope';
import { firingAlerts } from '../../ops/alerts';
import { durableTranscripts } from '../../ops/do-transcripts';
import { dashboardSummary } from '../../ops/metrics';
import { deleteVisitor, exportVisitor, type VisitorPorts } from '../../ops/privacy';
import { loadOpsSettings, saveOpsSettings } from '../../ops/settings';
import { audit, CONFIG_READERS, who } from './common';
import { scopedTurns } from './scoped-turns';

export const opsAdmin = new Hono<AppEnv>();

const anyRole = requireRole(...CONFIG_READERS);
const readers = requireRole('admin', 'auditor');
const adminOnly = requireRole('admin');

/**
 * The site a one-site figure is for: the `?site` named (scope-checked by the role check), else a scoped
 * token's only site; a token limited to several sites must name one.
 */
function summarySite(c: Context<AppEnv>): string | undefined {
  const named = c.req.query('site') || undefined;
  const sites = who(c).sites;
  if (named || sites === null) return named;
  if (sites.length === 1) return sites[0];
  throw new ParleyError('bad_request', 'This token covers several sites: name one with `?site`.');
}

opsAdmin.get('/metrics/summary', anyRole, async (c) => {
  const range = c.req.query('range') === 'day' ? 'day' : 'hour';
  const site = summarySite(c);
  const [summary, alerts] = await Promise.all([dashboardSummary(c.env.DB, Date.now(), range, site), firingAlerts(c.env.DB)]);
  const shown = onlyVisible(who(c), alerts, (a) => a.site).filter((a) => !site || a.site === site);
  return c.json({ ...summary, alerts: shown }, 200, { 'cache-control': 'no-store' });
});

/** Milliseconds from a query value: epoch ms or an ISO date. */
function timeParam(v: string | undefined): number | undefined {
  if (!v) return undefined;
  const n = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(n)) throw new ParleyError('bad_request', `Not a time: ${v}`);
  return n;
}

/** The per-turn audit rows (the admin change log is `/admin/api/audit`). */
opsAdmin.get('/turns', readers, async (c) => {
  const q = c.req.query();
  const query = {
    from: timeParam(q.from),
    to: timeParam(q.to),
    intent: q.intent,
    status: q.status,
    limit: q.limit ? Number(q.limit) : q.format === 'csv' ? 10_000 : 500,
  };
  const rows = await scopedTurns(c.env.DB, who(c).sites, q.site || undefined, query);
  if (q.format === 'csv') {
    return c.body(toCsv(rows), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="parley-audit.csv"',
      'cache-control': 'no-store',
    });
  }
  return c.json({ rows }, 200, { 'cache-control': 'no-store' });
});

opsAdmin.get('/alerts', anyRole, async (c) => c.json({ firing: onlyVisible(who(c), await firingAlerts(c.env.DB), (a) => a.site) }));

opsAdmin.get('/sites/:site/ops', anyRole, async (c) => c.json(await loadOpsSettings(c.env.DB, c.req.param('site'))));

/** Save a site's ops settings; the change log records the webhook's host only (its path may carry a secret). */
opsAdmin.put('/sites/:site/ops', adminOnly, async (c) => {
  const site = c.req.param('site');
  const settings = parseInput(OpsSettings, await readJsonBody(c.req.raw, 16 * 1024));
  await saveOpsSettings(c.env.DB, site, settings);
  const hook = settings.alerts.webhookUrl;
  await audit(c, 'ops.update', {
    siteKey: site,
    detail: {
      transcriptRetentionHours: settings.transcriptRetentionHours,
      auditRetentionDays: settings.auditRetentionDays,
      webhookHost: hook ? new URL(hook).host : null,
      rules: settings.alerts.rules.length,
    },
  });
  return c.json(settings);
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

opsAdmin.get('/visitors/:id', adminOnly, async (c) => {
  const data = await exportVisitor(visitorPorts(c), siteParam(c.req.query('site')), c.req.param('id'));
  return c.json(data, 200, { 'cache-control': 'no-store', 'content-disposition': 'attachment; filename="visitor-export.json"' });
});

opsAdmin.delete('/visitors/:id', adminOnly, async (c) =>
  c.json(await deleteVisitor(visitorPorts(c), siteParam(c.req.query('site')), c.req.param('id'))),
);
