import type { SiteConfig } from '../../shared/config';

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
