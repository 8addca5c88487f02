import type { SiteConfig } from '../../shared/config';
import { verifyVisitorToken } from '../conversation/visitor-token';
import type { WorkerEnv } from '../env';
import { ParleyError } from '../errors';
import { bearerToken } from '../http/bearer';
import { loadLiveSite } from '../storage/live-site';
import { originAllowed } from '../storage/sites';

/**
 * Find a site's live configuration (D1, cached per isolate for a few seconds) by its public key and check
 * the browser's Origin against its allow-list. The returned config carries its published router (see
 * `routerFor`). Callers without an Origin are not checked here: visitor routes use `admitVisitor`, which
 * then requires a visitor token; the OpenAI-compatible route has authenticated a server API key first.
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

/** Who a visitor request comes from, once admitted. */
export interface AdmittedVisitor {
  site: SiteConfig;
  /** The visitor token's `sub`, when one was presented (and verified); absent for browsers on the site key. */
  tokenSub: string | undefined;
}

/**
 * Admit a visitor request: an allowed browser Origin, or a valid visitor token (`Authorization: Bearer`, or
 * `token` for the WebSocket, where browsers cannot set headers). A request without an Origin must present
 * a token: a script holding the public site key is otherwise served from anywhere. A token, when given, is
 * always verified. An Origin header only stops other websites' browsers (scripts can send any Origin).
 */
export async function admitVisitor(
  env: WorkerEnv,
  siteKey: string,
  from: { origin: string | undefined; authorization: string | undefined; token?: string | undefined },
): Promise<AdmittedVisitor> {
  const site = await resolveSite(env, siteKey, from.origin);
  const token = bearerToken(from.authorization) ?? from.token;
  if (token) return { site, tokenSub: await verifyVisitorToken(token, site.key, env.VISITOR_TOKEN_SECRET) };
  if (from.origin === undefined) {
    throw new ParleyError('unauthorized', 'Requests without an Origin must present a visitor token (Authorization: Bearer …).');
  }
  return { site, tokenSub: undefined };
}
