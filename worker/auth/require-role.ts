/**
 * Admin API authorisation: a bearer token with a role. The bootstrap `ADMIN_TOKEN` secret is an `admin`;
 * every other token lives in D1 as a SHA-256 hash with its role, and is refused as soon as it is revoked
 * (no caching of token rows).
 */
import { createMiddleware } from 'hono/factory';
import type { AppEnv, WorkerEnv } from '../env';
import { ParleyError } from '../errors';
import { findToken, hashToken } from '../storage/tokens';

export type Role = 'admin' | 'editor' | 'auditor';

export interface AdminPrincipal {
  /** A stable, non-secret id for audit rows (never the token itself). */
  id: string;
  role: Role;
}

/** Constant-time comparison of two strings (lengths leak; contents do not). */
export function timingSafeEqual(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/** Who a bearer token belongs to, or null. */
export async function resolveToken(env: WorkerEnv, token: string): Promise<AdminPrincipal | null> {
  if (env.ADMIN_TOKEN && timingSafeEqual(token, env.ADMIN_TOKEN)) return { id: 'bootstrap', role: 'admin' };
  if (!token.startsWith('pat_') || token.length > 200) return null;
  const hash = await hashToken(token);
  const row = await findToken(env.DB, hash);
  // The lookup is by hash (an index, not the secret); the final compare is constant-time anyway.
  if (!row || !timingSafeEqual(row.hash, hash)) return null;
  return { id: row.id, role: row.role };
}

/** Middleware: 401 without a valid bearer token, 403 when its role is not one of `roles`. */
export function requireRole(...roles: Role[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    if (!token) throw new ParleyError('unauthorized', 'An admin bearer token is required.');
    const who = await resolveToken(c.env, token);
    if (!who) throw new ParleyError('unauthorized', 'That admin token is not valid.');
    if (!roles.includes(who.role)) throw new ParleyError('forbidden', `This needs the role ${roles.join(' or ')}.`);
    c.set('admin', who);
    await next();
  });
}
