/**
 * The two cache levels: an in-isolate LRU in front of the `CACHE` KV namespace. Reads try memory,
 * then KV (filling memory); writes fill memory at once and KV in the background. KV failures are
 * misses, never turn errors: the cache may only ever make a turn faster.
 */
import type { GatewayEvent } from '../gateway/chain';
import { Coalescer } from './coalesce';
import { type CachedReply, decodeEntry, entryBytes } from './entry';
import { ByteLru } from './lru';

/** The slice of a KV namespace the cache uses (a Workers `KVNamespace` fits). */
export interface CacheKv {
  get(key: string): Promise<string | null>;
  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>;
  list(options: { prefix: string; cursor?: string }): Promise<{ keys: { name: string }[]; list_complete: boolean; cursor?: string }>;
  delete(key: string): Promise<void>;
}

/** Per-isolate state: the memory level and the upstream calls in flight. */
export interface CacheMemory {
  lru: ByteLru<CachedReply>;
  flights: Coalescer<GatewayEvent>;
}

/** Ports of the cache stage: no Hono, no bindings beyond a KV-shaped object and a clock. */
export interface CachePorts {
  kv: CacheKv;
  now: () => number;
  memory: CacheMemory;
}

/**
 * How long memory may keep an entry regardless of its TTL: a purge reaches KV and this isolate at
 * once, but other isolates' memories only as their copies age out, so this bounds that staleness.
 */
export const MEMORY_MAX_AGE_MS = 60_000;

/** Fresh per-isolate memory: 1,000 entries or 8 MiB, whichever binds first. */
export function createCacheMemory(limits = { maxEntries: 1000, maxBytes: 8 * 1024 * 1024 }): CacheMemory {
  return { lru: new ByteLru<CachedReply>(limits), flights: new Coalescer<GatewayEvent>() };
}

let isolateMemory: CacheMemory | undefined;
/** This isolate's cache memory (module scope lives as long as the isolate). */
export function isolateCacheMemory(): CacheMemory {
  isolateMemory ??= createCacheMemory();
  return isolateMemory;
}

function remember(ports: CachePorts, key: string, entry: CachedReply): void {
  ports.memory.lru.set(key, entry, entryBytes(key, entry), Math.min(entry.expiresAt, ports.now() + MEMORY_MAX_AGE_MS));
}

/** A live entry for `key`, from memory or KV; null on a miss, an expired or foreign-format entry, or a KV failure. */
export async function readReply(ports: CachePorts, key: string): Promise<CachedReply | null> {
  const now = ports.now();
  const hot = ports.memory.lru.get(key, now);
  if (hot) return hot;
  let raw: string | null;
  try {
    raw = await ports.kv.get(key);
  } catch {
    return null;
  }
  const entry = raw === null ? null : decodeEntry(raw);
  if (!entry || entry.expiresAt <= now) return null;
  remember(ports, key, entry);
  return entry;
}

/** Store an entry: memory now, KV via the returned promise (hand it to waitUntil). Never rejects. */
export function writeReply(ports: CachePorts, key: string, entry: CachedReply): Promise<void> {
  remember(ports, key, entry);
  const ttl = Math.max(60, Math.ceil((entry.expiresAt - ports.now()) / 1000));
  // Start the KV write on a later turn of the event loop, so the response's end goes out first.
  return new Promise<void>((resolve) => setTimeout(resolve, 0))
    .then(() => ports.kv.put(key, JSON.stringify(entry), { expirationTtl: ttl }))
    .catch(() => {
      console.warn(JSON.stringify({ level: 'warn', event: 'cache_write_failed' }));
    });
}

/** Delete every entry under `prefix` from KV and this isolate's memory; returns how many KV keys went. */
export async function purgePrefix(ports: CachePorts, prefix: string): Promise<number> {
  ports.memory.lru.deletePrefix(prefix);
  let deleted = 0;
  let cursor: string | undefined;
  do {
    const page = await ports.kv.list(cursor === undefined ? { prefix } : { prefix, cursor });
    await Promise.all(page.keys.map((k) => ports.kv.delete(k.name)));
    deleted += page.keys.length;
    cursor = page.list_complete ? undefined : page.cursor;
  } while (cursor);
  return deleted;
}
