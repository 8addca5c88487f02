/** Small helpers shared by the admin route files. */
import type { Context } from 'hono';
import type { AdminPrincipal, Role } from '../../auth/types';
import type { AppEnv } from '../../env';
import { ParleyError } from '../../errors';
import { readJsonBody, readOptionalJsonBody } from '../../http/body';
import { appendAudit } from '../../storage/audit';

export const ANY_ROLE: Role[] = ['admin', 'editor', 'auditor'];
export const EDITORS: Role[] = ['admin', 'editor'];

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

/** Write the audit row of an admin change. */
export function audit(c: Context<AppEnv>, action: string, opts: { siteKey?: string; target?: string; detail?: unknown } = {}) {
  return appendAudit(c.env.DB, who(c), action, Date.now(), opts);
}
