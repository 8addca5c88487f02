/**
 * Admin API authorisation: a bearer token with a role. For now the only token is the bootstrap
 * `ADMIN_TOKEN` secret (role `admin`); tokens with roles stored in D1 extend `resolveToken`.
 */
import { createMiddleware } from 'hono/factory';
import type { AppEnv, WorkerEnv } from '../env';
import { ParleyError } from '../errors';

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
  return null;
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
