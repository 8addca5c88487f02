/**
 * What may be read from and written to the cache: pure decisions, tested with tables. Only complete,
 * unfiltered, successful turns of cacheable intents with deterministic-enough sampling are written.
 */
import { CacheSettings, type SiteConfig } from '../../../shared/config';
import type { Finish } from '../../../shared/protocol';

/** What the HTTP `x-parley-cache` header and the turn's record say about the cache. */
export type CacheStatus = 'hit' | 'miss' | 'bypass';

/** Per-intent cache policy, set by routing; a site default applies when routing sets none. */
export interface CachePolicy {
  cacheable: boolean;
  ttlSeconds: number;
}

const DEFAULT_SETTINGS = CacheSettings.parse({});
const settingsByConfig = new WeakMap<NonNullable<SiteConfig['cache']>, CacheSettings>();

/** The site's cache settings with defaults filled in. */
export function siteCacheSettings(site: SiteConfig): CacheSettings {
  // Parsed once per settings object: a site's config is immutable once loaded, and this runs on every turn.
  if (!site.cache) return DEFAULT_SETTINGS;
  let parsed = settingsByConfig.get(site.cache);
  if (!parsed) {
    parsed = CacheSettings.parse(site.cache);
    settingsByConfig.set(site.cache, parsed);
  }
  return parsed;
}

/** The policy when routing gives none: cacheable, with the site's default TTL. */
export function defaultCachePolicy(settings: CacheSettings): CachePolicy {
  return { cacheable: true, ttlSeconds: settings.defaultTtlSeconds };
}

/**
 * Whether this turn may use the cache at all. An unset temperature counts as 0: Parley's tiers send
 * none unless configured, and support answers are meant to be stable.
 */
export function cacheEligible(settings: CacheSettings, policy: CachePolicy, temperature: number | undefined): boolean {
  return settings.enabled && policy.cacheable && policy.ttlSeconds > 0 && (temperature ?? 0) <= settings.maxTemperature;
}

/** How a finished turn ended, as far as the cache cares. */
export interface TurnOutcome {
  status: 'done' | 'error';
  finish: Finish | null;
  text: string;
  /** True when an output guard altered the text or flagged/blocked the turn. */
  tainted: boolean;
  /** True when the reply called tools: its answer is the calls, which depend on the caller's tools. */
  toolCalls?: boolean;
}

/** Only a complete (`done`, finish `stop`), non-empty, untouched reply without tool calls is written. */
export function shouldStore(o: TurnOutcome): boolean {
  return o.status === 'done' && o.finish === 'stop' && !o.tainted && o.toolCalls !== true && o.text.trim().length > 0;
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * Split a cached reply into word-sized chunks for replay: one word with its spacing, and runs of CJK
 * text (no spaces) in pieces of a few characters. Joining the chunks gives the text back exactly.
 */
export function wordChunks(text: string): string[] {
  const out: string[] = [];
  for (const token of text.match(/\s*\S+\s*/g) ?? [text]) {
    if (!CJK.test(token)) {
      out.push(token);
      continue;
    }
    const chars = [...token];
    for (let i = 0; i < chars.length; i += 3) out.push(chars.slice(i, i + 3).join(''));
  }
  return out.filter((c) => c.length > 0);
}
