/**
 * Server API keys (D1 table `api_keys`, migration 0002): issued per site, stored as SHA-256 only,
 * resolved to a site key on each OpenAI-compatible call. Lookups are cached briefly in the isolate.
 */
import { sha256Hex } from '../digest';

/** The slice of a D1 database this store needs. */
export type ApiKeyDb = Pick<D1Database, 'prepare'>;

export interface IssuedKey {
  id: string;
  siteKey: string;
  /** The secret itself: returned once, never stored. */
  key: string;
  /** First characters, to recognise a key in lists. */
  prefix: string;
  name: string | null;
  createdAt: number;
}

const CACHE_MS = 30_000;
const cache = new Map<string, { siteKey: string | null; until: number }>();

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** SHA-256 of a key, hex: what is stored and looked up. */
export async function hashKey(key: string): Promise<string> {
  return sha256Hex(key);
}

/** Issue a new key for a site; the plaintext is in the result and nowhere else. */
export async function issueApiKey(db: ApiKeyDb, siteKey: string, name: string | null, now: number): Promise<IssuedKey> {
  const key = `psk_${base64url(crypto.getRandomValues(new Uint8Array(32)))}`;
  const id = `key_${base64url(crypto.getRandomValues(new Uint8Array(9)))}`;
  const prefix = key.slice(0, 10);
  await db
    .prepare('INSERT INTO api_keys (id, site_key, key_hash, prefix, name, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .bind(id, siteKey, await hashKey(key), prefix, name, now)
    .run();
  return { id, siteKey, key, prefix, name, createdAt: now };
}

/** A key as lists show it: never the secret nor its hash. */
export interface ApiKeySummary {
  id: string;
  siteKey: string;
  prefix: string;
  name: string | null;
  createdAt: number;
  revokedAt: number | null;
}

interface ApiKeyRow {
  id: string;
  site_key: string;
  prefix: string;
  name: string | null;
  created_at: number;
  revoked_at: number | null;
}

const SUMMARY_COLUMNS = 'id, site_key, prefix, name, created_at, revoked_at';

const summaryOf = (r: ApiKeyRow): ApiKeySummary => ({
  id: r.id,
  siteKey: r.site_key,
  prefix: r.prefix,
  name: r.name,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

/** A site's keys, oldest first, revoked ones included (with `revokedAt`). */
export async function listApiKeys(db: ApiKeyDb, siteKey: string): Promise<ApiKeySummary[]> {
  const { results } = await db
    .prepare(`SELECT ${SUMMARY_COLUMNS} FROM api_keys WHERE site_key = ? ORDER BY created_at, id`)
    .bind(siteKey)
    .all<ApiKeyRow>();
  return results.map(summaryOf);
}

/** One key by id, or null. */
export async function findApiKey(db: ApiKeyDb, id: string): Promise<ApiKeySummary | null> {
  const row = await db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM api_keys WHERE id = ?`).bind(id).first<ApiKeyRow>();
  return row ? summaryOf(row) : null;
}

/** Revoke a key by id; true when one was revoked. */
export async function revokeApiKey(db: ApiKeyDb, id: string, now: number): Promise<boolean> {
  const res = await db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').bind(now, id).run();
  cache.clear();
  return (res.meta.changes ?? 0) > 0;
}

/** The site a presented key belongs to, or null (unknown or revoked). */
export async function siteForApiKey(db: ApiKeyDb, key: string, now: number): Promise<string | null> {
  // Keyed by the presented key itself (isolate memory only, never stored or logged): a hit then costs no
  // SHA-256, which at 100 concurrent streams was a measurable share of the per-request CPU.
  const hit = cache.get(key);
  if (hit && hit.until > now) return hit.siteKey;
  const hash = await hashKey(key);
  const row = await db
    .prepare('SELECT site_key FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL')
    .bind(hash)
    .first<{ site_key: string }>();
  const siteKey = row?.site_key ?? null;
  if (cache.size > 1000) cache.clear();
  cache.set(key, { siteKey, until: now + CACHE_MS });
  return siteKey;
}
