/**
 * What a cache entry holds in KV: the reply text, its metadata and a format version. Entries of any
 * other version (older deploys, or newer ones during a rollout) are treated as misses, never parsed
 * into the wrong shape.
 */
import { z } from 'zod';
import { Tier, Usage } from '../../../shared/protocol';

export const CACHE_FORMAT_VERSION = 1;

export const CachedReply = z.object({
  v: z.literal(CACHE_FORMAT_VERSION),
  text: z.string(),
  provider: z.string(),
  model: z.string(),
  intent: z.string().nullable(),
  tier: Tier,
  /** What the original (uncached) turn cost upstream. */
  usage: Usage,
  createdAt: z.number(),
  /** Absolute expiry (ms); KV's own TTL is coarser (≥ 60 s), so reads check this too. */
  expiresAt: z.number(),
});
export type CachedReply = z.infer<typeof CachedReply>;

/** Parse a stored value; null for anything malformed or of another format version. */
export function decodeEntry(raw: string): CachedReply | null {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = CachedReply.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/** Approximate in-memory size of an entry in bytes (UTF-16), for the LRU's byte bound. */
export function entryBytes(key: string, e: CachedReply): number {
  return 2 * (key.length + e.text.length + e.provider.length + e.model.length + (e.intent?.length ?? 0)) + 128;
}
