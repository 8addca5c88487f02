/** Small helpers shared by the admin route files. */
import type { Context } from 'hono';
import type { AdminPrincipal, Role } from '../../auth/types';
import type { AppEnv } from '../../env';
import { ParleyError } from '../../errors';
import { readJsonBody, readOptionalJsonBody } from '../../http/body';
import { assertSite } from '../../middleware/site-scope';
import { appendAudit } from '../../storage/audit';

/** Every role: who am I, and the list of sites in scope. */
export const ANY_ROLE: Role[] = ['admin', 'editor', 'agent', 'auditor'];
/** Who may read a site's configuration, intents and metrics (agents work on conversations only). */
export const CONFIG_READERS: Role[] = ['admin', 'editor', 'auditor'];
export const EDITORS: Role[] = ['admin', 'editor'];
/** Who may work the handoff inbox: list, read, reply to and hand back conversations. */
export const AGENTS: Role[] = ['admin', 'editor', 'agent'];

/** Admin bodies may be whole site configs with many intents. */
export const MAX_ADMIN_BODY = 1024 * 1024;

/** The request's JSON body, capped (a whole site config by default). */
export const body = (c: Context<AppEnv>, maxBytes = MAX_ADMIN_BODY) => readJsonBody(c.req.raw, maxBytes);

/** The request's JSON body, or `undefined` when it is empty. */
export const optionalBody = (c: Context<AppEnv>, maxBytes = MAX_ADMIN_BODY) => readOptionalJsonBody(c.req.raw, maxBytes);

/** The principal set by requireRole. */
export function who(c: Context<AppEnv>): AdminPrincipal {
  const admin = c.get('admin');
  if (!admin) throw new ParleyError('unauthorized', 'An admin bearer token is required.');
  return admin;
}

/** Throw `403 forbidden` unless the request's token may use `site` (for a site named in a body). */
export function requireSiteScope(c: Context<AppEnv>, site: string): void {
  assertSite(who(c), site);
}

/** Write the audit row of an admin change. */
export function audit(c: Context<AppEnv>, action: string, opts: { siteKey?: string; target?: string; detail?: unknown } = {}) {
  return appendAudit(c.env.DB, who(c), action, Date.now(), opts);
}
