/**
 * Admin API authorisation: 401 without a valid bearer token, 403 when the token's role is not one of
 * those the route allows, and 403 when the request names a site outside the token's scope (see
 * `site-scope`). The principal is set as `admin` for the handler and the audit log.
 */
import { createMiddleware } from 'hono/factory';
import { resolveToken } from '../../auth/principal';
import type { Role } from '../../auth/types';
import type { AppEnv } from '../../env';
import { ParleyError } from '../../errors';
import { bearerToken } from '../../http/bearer';
import { assertRequestSites } from '../site-scope';

/** Middleware admitting admin tokens whose role is one of `roles`, on sites in their scope. */
export function requireRole(...roles: Role[]) {
  const allowed = new Set<Role>(roles);
  const forbidden = `This needs the role ${roles.join(' or ')}.`;
  return createMiddleware<AppEnv>(async (c, next) => {
    const token = bearerToken(c.req.header('authorization'));
    if (!token) throw new ParleyError('unauthorized', 'An admin bearer token is required.');
    const who = await resolveToken(c.env, token);
    if (!who) throw new ParleyError('unauthorized', 'That admin token is not valid.');
    if (!allowed.has(who.role)) throw new ParleyError('forbidden', forbidden);
    assertRequestSites(c, who);
    c.set('admin', who);
    await next();
  });
}
