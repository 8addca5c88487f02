/** The live configuration (and router) of a site, as the chat routes need it. */
import { DEMO_SITE } from '../seed/demo-site';
import { isolateLiveCache, type LiveCache, type LiveSite } from './live-cache';
import { ensureDemoSite } from './seed';
import { getLive } from './site-repo';

/** Load a site's live version through the isolate cache; seeds the demo site on first use. */
export function loadLiveSite(db: D1Database, key: string, cache: LiveCache = isolateLiveCache): Promise<LiveSite | null> {
  return cache.get(key, async () => {
    const live = await getLive(db, key);
    if (live || key !== DEMO_SITE.key) return live;
    await ensureDemoSite(db, Date.now());
    return getLive(db, key);
  });
}
