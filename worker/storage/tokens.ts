/** Admin tokens in D1: only SHA-256 hashes are stored; a token is shown once, when it is issued. */
import type { Role } from '../auth/types';
import { sha256Hex } from '../digest';

export interface TokenSummary {
  id: string;
  role: Role;
  label: string;
  /** The sites the token is limited to; null for every site. */
  sites: string[] | null;
  createdAt: number;
  createdBy: string;
  revokedAt: number | null;
}

/** What a live token row grants. */
export interface TokenGrant {
  id: string;
  role: Role;
  label: string;
  sites: string[] | null;
  hash: string;
}

interface TokenRow {
  id: string;
  token_hash: string;
  role: Role;
  label: string;
  sites: string | null;
  created_at: number;
  created_by: string;
  revoked_at: number | null;
}

/** Hex SHA-256 of a token (tokens are 256-bit random, so no salt or stretching is needed). */
export async function hashToken(token: string): Promise<string> {
  return sha256Hex(token);
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `pat_${btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')}`;
}

const sitesOf = (raw: string | null): string[] | null => (raw === null ? null : (JSON.parse(raw) as string[]));

/** Issue a token limited to `sites` (null: every site); returns its id and the secret (never stored in clear). */
export async function issueToken(
  db: D1Database,
  grant: { role: Role; label: string; sites: string[] | null },
  by: string,
  now: number,
): Promise<{ id: string; token: string }> {
  const token = randomToken();
  const id = `tok_${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
  await db
    .prepare(
      'INSERT INTO admin_tokens (id, token_hash, role, label, sites, created_at, created_by, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)',
    )
    .bind(id, await hashToken(token), grant.role, grant.label, grant.sites === null ? null : JSON.stringify(grant.sites), now, by)
    .run();
  return { id, token };
}

/** The live (not revoked) token row matching a hash, or null. */
export async function findToken(db: D1Database, tokenHash: string): Promise<TokenGrant | null> {
  const row = await db
    .prepare('SELECT id, role, label, sites, token_hash FROM admin_tokens WHERE token_hash = ? AND revoked_at IS NULL')
    .bind(tokenHash)
    .first<Pick<TokenRow, 'id' | 'role' | 'label' | 'sites' | 'token_hash'>>();
  return row ? { id: row.id, role: row.role, label: row.label, sites: sitesOf(row.sites), hash: row.token_hash } : null;
}

export async function listTokens(db: D1Database): Promise<TokenSummary[]> {
  const { results } = await db
    .prepare('SELECT id, role, label, sites, created_at, created_by, revoked_at FROM admin_tokens ORDER BY created_at, id')
    .all<Omit<TokenRow, 'token_hash'>>();
  return results.map((r) => ({
    id: r.id,
    role: r.role,
    label: r.label,
    sites: sitesOf(r.sites),
    createdAt: r.created_at,
    createdBy: r.created_by,
    revokedAt: r.revoked_at,
  }));
}

/** Revoke a token at once (the next request with it is refused); false when no live token has that id. */
export async function revokeToken(db: D1Database, id: string, now: number): Promise<boolean> {
  const res = await db.prepare('UPDATE admin_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').bind(now, id).run();
  return res.meta.changes > 0;
}
