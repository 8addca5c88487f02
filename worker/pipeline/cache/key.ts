/**
 * Cache keys: `site/<site>/<intent>/<sha256>`. The site and intent lead the key so a site's (or one
 * intent's) entries can be listed and purged by prefix, and a key can never name another site's entry.
 * The hash covers everything that shapes the reply: site, config version, tier chain, system prompt,
 * the masked and normalised conversation window, the sampling parameters, and the knowledge version with the
 * passages the turn retrieved.
 */

import type { Tier } from '../../../shared/protocol';
import { sha256Hex } from '../../digest';
import type { ChatTurnMessage, SamplingParams } from '../../providers/types';
import { CACHE_FORMAT_VERSION } from './entry';
import { canonicalJson, normaliseForKey } from './normalise';

export interface CacheKeyParts {
  siteKey: string;
  configVersion: number;
  intent: string | null;
  tier: Tier;
  /** The provider chain the tier resolves to, in order. */
  chain: { provider: string; model: string }[];
  /** The effective system prompt (site prompt plus intent additions). */
  systemPrompt: string;
  /** The conversation window the model sees, already masked; system messages excluded. */
  window: ChatTurnMessage[];
  params: SamplingParams;
  /** The site's knowledge version and what identifies each retrieved source (document, heading, text). */
  knowledge?: { version: number; passages: string[] };
}

/** The prefix under which every entry of a site lives. */
export function sitePrefix(siteKey: string): string {
  return `site/${encodeURIComponent(siteKey)}/`;
}

/** The prefix under which every entry of one intent of a site lives (`null` = no intent). */
export function intentPrefix(siteKey: string, intent: string | null): string {
  return `${sitePrefix(siteKey)}${intent === null ? '~none' : encodeURIComponent(intent)}/`;
}

/** SHA-256 cache key of a turn; equal for trivial variants of the same window. */
export async function cacheKey(p: CacheKeyParts): Promise<string> {
  const material = canonicalJson([
    CACHE_FORMAT_VERSION,
    p.siteKey,
    p.configVersion,
    p.intent,
    p.tier,
    p.chain,
    p.systemPrompt,
    p.window.map((m) => [m.role, normaliseForKey(m.content)]),
    p.params,
    ...(p.knowledge ? [p.knowledge.version, p.knowledge.passages] : []),
  ]);
  return `${intentPrefix(p.siteKey, p.intent)}${await sha256Hex(material)}`;
}
