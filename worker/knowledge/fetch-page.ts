/**
 * Fetching a page or sitemap to import: only from the site's own allowed origins (checked again on every
 * redirect), over http(s), with a deadline, a size cap and a redirect limit. The text is untrusted: ingest's
 * injection check keeps flagged passages out of prompts.
 */
import type { SiteConfig } from '../../shared/config';
import { ParleyError } from '../errors';
import { readBodyText } from '../http/body';
import { originAllowed } from '../storage/sites';

export const IMPORT_LIMITS = { timeoutMs: 8000, maxBytes: 2 * 1024 * 1024, maxRedirects: 3, maxSitemapPages: 25 } as const;

/** The URL when it is http(s) on one of the site's origins; otherwise a typed refusal. */
export function siteUrl(site: SiteConfig, raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ParleyError('bad_request', 'Not a URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ParleyError('bad_request', 'Only http(s) pages can be imported.');
  if (!originAllowed(site, url.origin))
    throw new ParleyError('forbidden', `Pages are imported only from the site's own origins (${url.host} is not one).`);
  return url;
}

/** Read at most `max` bytes of a body, refusing anything longer. */
const cappedText = (res: Response, max: number): Promise<string> =>
  readBodyText(res, max, () => new ParleyError('too_large', `The page is larger than ${max} bytes.`));

export interface FetchedPage {
  url: string;
  contentType: string;
  text: string;
}

/** Fetch one page of the site, following at most `maxRedirects` redirects that stay on its origins. */
export async function fetchSitePage(site: SiteConfig, raw: string, fetcher: typeof fetch = fetch): Promise<FetchedPage> {
  let url = siteUrl(site, raw);
  for (let hop = 0; ; hop++) {
    let res: Response;
    try {
      res = await fetcher(url.toString(), {
        redirect: 'manual',
        signal: AbortSignal.timeout(IMPORT_LIMITS.timeoutMs),
        headers: { accept: 'text/html, text/plain, application/xml' },
      });
    } catch (e) {
      const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
      throw new ParleyError(
        timedOut ? 'timeout' : 'upstream_unavailable',
        timedOut ? 'The page did not answer in time.' : 'The page could not be fetched.',
      );
    }
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      if (hop >= IMPORT_LIMITS.maxRedirects) throw new ParleyError('bad_request', 'Too many redirects.');
      url = siteUrl(site, new URL(location, url).toString());
      continue;
    }
    if (!res.ok) throw new ParleyError('upstream_error', `The page answered ${res.status}.`);
    return { url: url.toString(), contentType: res.headers.get('content-type') ?? '', text: await cappedText(res, IMPORT_LIMITS.maxBytes) };
  }
}

/** The page URLs a sitemap lists (`<loc>`), at most `maxSitemapPages`. */
export function sitemapUrls(xml: string): string[] {
  const out: string[] = [];
  for (const m of xml.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/gi)) {
    if (m[1]) out.push(m[1].replace(/&amp;/g, '&'));
    if (out.length >= IMPORT_LIMITS.maxSitemapPages) break;
  }
  return out;
}

/** The page's `<title>`, else its path. */
export function pageTitle(html: string, url: string): string {
  const m = /<title[^>]*>([^<]{1,300})<\/title>/i.exec(html);
  const title = m?.[1]?.replace(/\s+/g, ' ').trim();
  return title || new URL(url).pathname || url;
}

/** A document id for a page: `page:` and its host and path, in the characters ids allow. */
export function pageId(url: string): string {
  const u = new URL(url);
  return `page:${u.host}${u.pathname}`.replace(/[^\w.:\-/]/g, '_').slice(0, 128);
}
