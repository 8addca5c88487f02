/**
 * Site scope for the admin API: a token limited to some sites sees and acts on those sites only. Every
 * route names its site the same few ways (path `:site`, `:key` or `:siteKey`; query `?site` or
 * `?siteKey`), and `requireRole` checks all of them through `assertRequestSites`, so handlers only
 * call `assertSite` for a site named in a body and `onlyVisible` to filter a listing.
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AdminPrincipal } from '../../auth/types';
import type { AppEnv } from '../../env';
import { ParleyError } from '../../errors';

const PATH_PARAMS = ['site', 'key', 'siteKey'] as const;
const QUERY_PARAMS = ['site', 'siteKey'] as const;

/** Whether `who` may see and act on `site`. */
export function maySee(who: AdminPrincipal, site: string): boolean {
  return who.sites === null || who.sites.includes(site);
}

/** Throw `403 forbidden` unless `who` may use `site`. */
export function assertSite(who: AdminPrincipal, site: string): void {
  if (!maySee(who, site)) throw new ParleyError('forbidden', `This token may not use the site "${site}".`);
}

/** Keep the items of a listing whose site `who` may see. */
export function onlyVisible<T>(who: AdminPrincipal, items: T[], siteOf: (item: T) => string | null): T[] {
  if (who.sites === null) return items;
  return items.filter((item) => {
    const site = siteOf(item);
    return site !== null && maySee(who, site);
  });
}

/** Every site key the request names in its path or query. */
function requestSites(c: Context<AppEnv>): string[] {
  const named: string[] = [];
  for (const name of PATH_PARAMS) {
    const v = c.req.param(name);
    if (v) named.push(v);
  }
  for (const name of QUERY_PARAMS) {
    for (const v of c.req.queries(name) ?? []) if (v) named.push(v);
  }
  return named;
}

/** Throw `403 forbidden` when the request names a site outside `who`'s scope. */
export function assertRequestSites(c: Context<AppEnv>, who: AdminPrincipal): void {
  if (who.sites === null) return;
  for (const site of requestSites(c)) assertSite(who, site);
}

/** Middleware (after `requireRole`) admitting only tokens that cover every site: token management, new sites. */
export const allSitesOnly = createMiddleware<AppEnv>(async (c, next) => {
  const who = c.get('admin');
  if (!who) throw new ParleyError('unauthorized', 'An admin bearer token is required.');
  if (who.sites !== null) throw new ParleyError('forbidden', 'This needs a token for all sites.');
  await next();
});
