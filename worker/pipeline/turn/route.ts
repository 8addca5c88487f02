/** Stage 2: the intent route on the masked text, which decides the tier, its chain and the system prompt. */
import type { Tier } from '../../../shared/protocol';
import { chainFor, type ProviderLink, type ProviderRegistry } from '../../providers/registry';
import type { CachePolicy } from '../cache';
import { siteCacheSettings } from '../cache/policy';
import { type RouteDecision, routerFor } from '../router';
import type { TurnInput } from './types';
import { assistantPrompt, visitorLocale } from './voice';

/** Where a turn goes: the router's decision (null when none was made), the tier and its provider chain. */
export interface TurnRoute {
  decision: RouteDecision | null;
  tier: Tier;
  links: ProviderLink[];
  /** The site's assistant prompt plus the intent's additions, before the canary. */
  systemPrompt: string;
}

/** The route before any decision: the caller's tier (or `default`) and the site's base prompt. */
export function unrouted(input: TurnInput, providers: ProviderRegistry): TurnRoute {
  const tier = input.tier ?? 'default';
  return {
    decision: null,
    tier,
    links: chainFor(providers, input.site, tier),
    systemPrompt: assistantPrompt(input.site, visitorLocale(input.message.text, input.site)),
  };
}

/** Route the masked text; a forced tier (`input.tier`) wins over the intent's. */
export function routeStage(input: TurnInput, providers: ProviderRegistry, maskedText: string): TurnRoute {
  const decision = (input.router ?? routerFor(input.site)).route(maskedText);
  const base = assistantPrompt(input.site, visitorLocale(maskedText, input.site));
  const systemPrompt = decision.systemPrompt ? `${base}\n${decision.systemPrompt}` : base;
  const tier = input.tier ?? decision.tier;
  return { decision, tier, links: chainFor(providers, input.site, tier), systemPrompt };
}

/** The cache policy of a turn: the caller's, else the intent's cacheability and TTL, else the site's default TTL. */
export function turnCachePolicy(input: TurnInput, route: TurnRoute): { policy?: CachePolicy } {
  if (input.cachePolicy) return { policy: input.cachePolicy };
  const d = route.decision;
  return d ? { policy: { cacheable: d.cacheable, ttlSeconds: d.cacheTtl ?? siteCacheSettings(input.site).defaultTtlSeconds } } : {};
}
