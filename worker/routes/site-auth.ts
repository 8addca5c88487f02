import type { SiteConfig } from '../../shared/config';
import type { WorkerEnv } from '../env';
import { ParleyError } from '../errors';
import { originAllowed, staticSiteStore } from '../storage/sites';

const sites = staticSiteStore();

/**
 * Find a site by its public key and check the browser's Origin against its allow-list.
 * Requests without an Origin (servers, apps) may use the site key alone.
 */
export async function resolveSite(_env: WorkerEnv, siteKey: string, origin: string | undefined): Promise<SiteConfig> {
  const site = await sites.get(siteKey);
  if (!site) throw new ParleyError('unauthorized', 'Unknown site key.');
  if (origin !== undefined && !originAllowed(site, origin)) {
    throw new ParleyError('origin_not_allowed', 'This website is not allowed to use this chat.');
  }
  return site;
}
