import { SiteConfig, type SiteConfigInput } from '../../shared/config';
import { DEMO_SITE } from '../seed/demo-site';

/** Port through which the pipeline and routes find a site's live configuration. */
export interface SiteStore {
  get(siteKey: string): Promise<SiteConfig | null>;
}

/** A store backed by fixed configs (the seeded demo site, tests). */
export function staticSiteStore(sites: SiteConfigInput[] = [DEMO_SITE]): SiteStore {
  const byKey = new Map(sites.map((s) => [s.key, SiteConfig.parse(s)]));
  return { get: async (key) => byKey.get(key) ?? null };
}

/**
 * Whether a browser `Origin` may use a site. Entries are full origins (`https://shop.example`) or bare
 * hostnames (`localhost`), which match any scheme and port.
 */
export function originAllowed(site: SiteConfig, origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return site.origins.some((allowed) => (allowed.includes('://') ? allowed === url.origin : allowed === url.hostname));
}
