import type { SiteConfig } from '../../shared/config';
import type { WorkerEnv } from '../env';
import { ParleyError } from '../errors';
import { loadLiveSite } from '../storage/live-site';
import { originAllowed } from '../storage/sites';

/**
 * Find a site's live configuration (D1, cached per isolate for a few seconds) by its public key and check
 * the browser's Origin against its allow-list. Requests without an Origin (servers, apps) may use the
 * site key alone. The returned config carries its published router (see `routerFor`).
 */
export async function resolveSite(env: WorkerEnv, siteKey: string, origin: string | undefined): Promise<SiteConfig> {
  const live = await loadLiveSite(env.DB, siteKey);
  if (!live) throw new ParleyError('unauthorized', 'Unknown site key.');
  const site = live.site;
  if (origin !== undefined && !originAllowed(site, origin)) {
    throw new ParleyError('origin_not_allowed', 'This website is not allowed to use this chat.');
  }
  return site;
}
