/** Seeds the `demo` site into D1 from code the first time it is asked for, so no setup step is needed. */
import { SiteConfig } from '../../shared/config';
import { DEMO_SEED as DEMO_SITE } from '../seed/demo-actions';
import { seedDemoKnowledge } from '../seed/demo-knowledge';
import { getSite, publishDraft } from './site-repo';

/** Create and publish the demo site (with its knowledge) when it is absent; safe to race (INSERT OR IGNORE, then one publish). */
export async function ensureDemoSite(db: D1Database, now: number): Promise<boolean> {
  if (await getSite(db, DEMO_SITE.key)) return false;
  const config = SiteConfig.parse(DEMO_SITE);
  const res = await db
    .prepare('INSERT OR IGNORE INTO sites (key, draft, live_version, created_at, updated_at) VALUES (?, ?, NULL, ?, ?)')
    .bind(config.key, JSON.stringify(config), now, now)
    .run();
  if (!res.meta.changes) return false;
  await publishDraft(db, config.key, 'seed', 'seeded demo site', now);
  await seedDemoKnowledge(db);
  return true;
}
