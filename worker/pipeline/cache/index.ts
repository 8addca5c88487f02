/**
 * The reply-cache stage of the turn pipeline (DESIGN decision 8). `openCache` runs after routing and
 * input masking, before any provider: it decides hit / miss / bypass, hands back a hit to replay, a
 * coalesced upstream for a miss, and a `complete` hook that writes qualifying replies after the turn.
 * It depends only on its ports ({ kv, now, memory } plus waitUntil), so it runs wherever the turn runs.
 */
import type { SiteConfig } from '../../../shared/config';
import type { TurnEvent, Usage } from '../../../shared/protocol';
import type { GatewayEvent } from '../gateway/chain';
import { CACHE_FORMAT_VERSION, type CachedReply } from './entry';
import { type CacheKeyParts, cacheKey } from './key';
import {
  type CachePolicy,
  type CacheStatus,
  cacheEligible,
  defaultCachePolicy,
  shouldStore,
  siteCacheSettings,
  type TurnOutcome,
  wordChunks,
} from './policy';
import { type CachePorts, readReply, writeReply } from './store';

export type { CachePolicy, CacheStatus, TurnOutcome } from './policy';
export type { CacheKv, CacheMemory, CachePorts } from './store';
export { createCacheMemory, isolateCacheMemory } from './store';

export interface CacheRequest extends Omit<CacheKeyParts, 'siteKey' | 'configVersion'> {
  site: SiteConfig;
  /** From routing; the site default when absent. */
  policy?: CachePolicy;
  /**
   * `bypass` (client's choice): no read, no coalescing and no write. The entry is what every visitor is
   * served, so a reply nobody else asked for (one client's fresh sample) must not replace it.
   */
  mode?: 'default' | 'bypass';
}

export interface CacheSession {
  status: CacheStatus;
  /** The entry to replay when `status` is `hit`. */
  hit: CachedReply | null;
  /** True once `upstream` joined another request's call: this turn cost nothing upstream. */
  readonly coalesced: boolean;
  /** The upstream chunks: shared with identical requests in flight on a miss, the plain call otherwise. */
  upstream(start: (signal: AbortSignal) => AsyncIterable<GatewayEvent>, signal: AbortSignal): AsyncIterable<GatewayEvent>;
  /** Call once when the turn ends; writes the reply (KV via waitUntil) when it qualifies. Returns whether it did. */
  complete(outcome: TurnOutcome & { provider: string; model: string; usage: Usage }): boolean;
}

/** A session that never reads or writes: caching off, not configured, or not eligible. */
export const BYPASS: CacheSession = {
  status: 'bypass',
  hit: null,
  coalesced: false,
  upstream: (start, signal) => start(signal),
  complete: () => false,
};

/** Open the cache for one turn: look the request up and return what to do (nothing, when bypassed). */
export async function openCache(
  req: CacheRequest,
  ports: CachePorts & { waitUntil?: (p: Promise<unknown>) => void },
): Promise<CacheSession> {
  const settings = siteCacheSettings(req.site);
  const policy = req.policy ?? defaultCachePolicy(settings);
  if (!cacheEligible(settings, policy, req.params.temperature)) return BYPASS;
  if (req.mode === 'bypass') return BYPASS;
  const key = await cacheKey({ ...req, siteKey: req.site.key, configVersion: req.site.version });
  const hit = await readReply(ports, key);
  let written = false;
  let follower = false;
  return {
    status: hit ? 'hit' : 'miss',
    hit,
    get coalesced() {
      return follower;
    },
    upstream(start, signal) {
      const joined = ports.memory.flights.join(key, start, signal, ports.waitUntil);
      follower = joined.shared;
      return joined.chunks;
    },
    complete(outcome) {
      if (written || hit || !shouldStore(outcome)) return false;
      // Coalesced turns all got the same reply: the first to finish writes it (the leader, unless it left).
      if (follower && ports.memory.lru.get(key, ports.now())) return false;
      written = true;
      const now = ports.now();
      const entry: CachedReply = {
        v: CACHE_FORMAT_VERSION,
        text: outcome.text,
        provider: outcome.provider,
        model: outcome.model,
        intent: req.intent,
        tier: req.tier,
        usage: outcome.usage,
        createdAt: now,
        expiresAt: now + policy.ttlSeconds * 1000,
      };
      const pending = writeReply(ports, key, entry);
      ports.waitUntil?.(pending);
      return true;
    },
  };
}

/** A hit costs nothing upstream: zero tokens and cost for this turn (the original usage stays in the entry). */
export const CACHED_USAGE: Usage = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, costUsd: 0, estimated: false };

/** The events of a hit: meta (`cached: true`), the reply in word-sized deltas, done with zero usage. */
export function* replayCached(entry: CachedReply, messageId: string): Generator<TurnEvent> {
  yield {
    type: 'meta',
    messageId,
    intent: entry.intent,
    confidence: null,
    tier: entry.tier,
    provider: entry.provider,
    model: entry.model,
    cached: true,
    handoff: false,
  };
  for (const text of wordChunks(entry.text)) yield { type: 'delta', messageId, text };
  yield { type: 'done', messageId, finish: 'stop', usage: { ...CACHED_USAGE } };
}
