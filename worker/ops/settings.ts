/** Per-site operations settings in D1, with defaults for sites that have none. */
import { OpsSettings } from '../../shared/ops';

/** A site's settings (defaults when unset or unreadable). */
export async function loadOpsSettings(db: D1Database, site: string): Promise<OpsSettings> {
  const row = await db.prepare('SELECT settings FROM site_ops WHERE site = ?').bind(site).first<{ settings: string }>();
  const parsed = OpsSettings.safeParse(row ? JSON.parse(row.settings) : {});
  return parsed.success ? parsed.data : OpsSettings.parse({});
}

/** Replace a site's settings (already validated). */
export async function saveOpsSettings(db: D1Database, site: string, settings: OpsSettings): Promise<void> {
  await db
    .prepare('INSERT INTO site_ops (site, settings) VALUES (?, ?) ON CONFLICT (site) DO UPDATE SET settings = excluded.settings')
    .bind(site, JSON.stringify(settings))
    .run();
}

/** Sites the cron should look at: any with settings, recent turns, or a firing alert. */
export async function knownSites(db: D1Database, since: number): Promise<string[]> {
  const res = await db
    .prepare(
      `SELECT site FROM site_ops UNION SELECT DISTINCT site FROM audit_turns WHERE at >= ?
       UNION SELECT site FROM alert_state WHERE firing = 1`,
    )
    .bind(since)
    .all<{ site: string }>();
  return res.results.map((r) => r.site).sort();
}
