/** Stage 3b: the reply-cache lookup, keyed on the prompt without its per-turn canary and the masked window. */

import type { ChatTurnMessage } from '../../providers/types';
import { BYPASS, type CacheSession, isolateCacheMemory, openCache } from '../cache';
import type { TurnKnowledge } from './knowledge';
import type { TurnRoute } from './route';
import { turnCachePolicy } from './route';
import type { TurnInput, TurnPorts } from './types';

/** Open the cache for this turn (BYPASS when the ports have no cache); tells `onCacheDecision` the outcome. */
export async function cacheStage(
  input: TurnInput,
  ports: TurnPorts,
  route: TurnRoute,
  messages: ChatTurnMessage[],
  knowledge: TurnKnowledge | null = null,
): Promise<CacheSession> {
  const cache = ports.cache
    ? await openCache(
        {
          site: input.site,
          intent: route.decision?.intent ?? null,
          tier: route.tier,
          // The endpoint (provider key) is part of the key: another server may answer differently.
          chain: route.links.map((l) => ({ provider: l.provider.key ?? l.provider.id, model: l.model })),
          systemPrompt: route.systemPrompt,
          window: messages.slice(1),
          // An edit of the knowledge, or other passages retrieved, is another answer.
          ...(knowledge ? { knowledge: { version: knowledge.version, passages: knowledge.sources.map((s) => s.ref) } } : {}),
          params: { ...route.links[0]?.params, ...(input.params ?? {}) },
          ...turnCachePolicy(input, route),
          ...(input.cacheMode ? { mode: input.cacheMode } : {}),
        },
        {
          kv: ports.cache.kv,
          memory: ports.cache.memory ?? isolateCacheMemory(),
          now: ports.now,
          ...(ports.waitUntil ? { waitUntil: ports.waitUntil } : {}),
        },
      )
    : BYPASS;
  ports.onCacheDecision?.(cache.status);
  return cache;
}
