/** Admin tokens in D1: only SHA-256 hashes are stored; a token is shown once, when it is issued. */
import type { Role } from '../auth/types';
import { sha256Hex } from '../digest';

export interface TokenSummary {
  id: string;
  role: Role;
  label: string;
  createdAt: number;
  createdBy: string;
  revokedAt: number | null;
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

/** Issue a token: returns its id and the secret (never stored in clear). */
export async function issueToken(
  db: D1Database,
  role: Role,
  label: string,
  by: string,
  now: number,
): Promise<{ id: string; token: string }> {
  const token = randomToken();
  const id = `tok_${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
  await db
    .prepare('INSERT INTO admin_tokens (id, token_hash, role, label, created_at, created_by, revoked_at) VALUES (?, ?, ?, ?, ?, ?, NULL)')
    .bind(id, await hashToken(token), role, label, now, by)
    .run();
  return { id, token };
}

/** The live (not revoked) token row matching a hash, or null. */
export async function findToken(db: D1Database, tokenHash: string): Promise<{ id: string; role: Role; hash: string } | null> {
  const row = await db
    .prepare('SELECT id, role, token_hash FROM admin_tokens WHERE token_hash = ? AND revoked_at IS NULL')
    .bind(tokenHash)
    .first<{ id: string; role: Role; token_hash: string }>();
  return row ? { id: row.id, role: row.role, hash: row.token_hash } : null;
}

export async function listTokens(db: D1Database): Promise<TokenSummary[]> {
  const { results } = await db
    .prepare('SELECT id, role, label, created_at, created_by, revoked_at FROM admin_tokens ORDER BY created_at, id')
    .all<{ id: string; role: Role; label: string; created_at: number; created_by: string; revoked_at: number | null }>();
  return results.map((r) => ({
    id: r.id,
    role: r.role,
    label: r.label,
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
