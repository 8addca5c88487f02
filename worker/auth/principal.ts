/**
 * Admin API identities: a bearer token with a role, a label and a site scope. The bootstrap `ADMIN_TOKEN`
 * secret is an all-sites `admin`; every other token lives in D1 as a SHA-256 hash with its grant, and is
 * refused as soon as it is revoked (no caching of token rows).
 */
import { timingSafeEqual } from '../digest';
import type { WorkerEnv } from '../env';
import { findToken, hashToken } from '../storage/tokens';
import type { AdminPrincipal } from './types';

const BOOTSTRAP: AdminPrincipal = { id: 'bootstrap', role: 'admin', label: 'Administrator', sites: null };

/** Who a bearer token belongs to, or null. */
export async function resolveToken(env: WorkerEnv, token: string): Promise<AdminPrincipal | null> {
  if (env.ADMIN_TOKEN && timingSafeEqual(token, env.ADMIN_TOKEN)) return BOOTSTRAP;
  if (!token.startsWith('pat_') || token.length > 200) return null;
  const hash = await hashToken(token);
  const row = await findToken(env.DB, hash);
  // The lookup is by hash (an index, not the secret); the final compare is constant-time anyway.
  if (!row || !timingSafeEqual(row.hash, hash)) return null;
  return { id: row.id, role: row.role, label: row.label, sites: row.sites };
}
