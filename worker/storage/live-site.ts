/** The live configuration (and router) of a site, as the chat routes need it. */
import { DEMO_SITE } from '../seed/demo-site';
import { isolateLiveCache, type LiveCache, type LiveSite, type LiveVersion } from './live-cache';
import { ensureDemoSite } from './seed';
import { getLive, getLiveVersion } from './site-repo';

/** The seeding in flight in this isolate: concurrent first requests share it. */
let seeding: Promise<unknown> | null = null;

/**
 * The demo site's live version, seeding it on first use. Another request (or isolate) may have
 * inserted the row and still be publishing it, so wait briefly for its version rather than answer
 * `unauthorized` to the first visitors of a fresh deployment.
 */
async function demoLive(db: D1Database): Promise<LiveVersion | null> {
  seeding ??= ensureDemoSite(db, Date.now()).finally(() => {
    seeding = null;
  });
  await seeding;
  for (let attempt = 0; attempt < 40; attempt++) {
    const live = await getLive(db, DEMO_SITE.key);
    if (live) return live;
    await new Promise((r) => setTimeout(r, 50));
  }
  return null;
}

/** Load a site's live version through the isolate cache; seeds the demo site on first use. */
export function loadLiveSite(db: D1Database, key: string, cache: LiveCache = isolateLiveCache): Promise<LiveSite | null> {
  return cache.get(
    key,
    async () => {
      const live = await getLive(db, key);
      if (live || key !== DEMO_SITE.key) return live;
      return demoLive(db);
    },
    () => getLiveVersion(db, key),
  );
}
