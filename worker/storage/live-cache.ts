/**
 * The live version of each site, cached per isolate for a short TTL so a publish takes effect within
 * seconds everywhere (and at once in the isolate that published). Clock injected for tests.
 */
import type { SiteConfig } from '../../shared/config';
import { attachRouter, type ClassifierModel, compileRouter, type Router } from '../pipeline/router';

/** A published version as stored: the config and the classifier trained from it. */
export interface LiveVersion {
  config: SiteConfig;
  model: ClassifierModel;
}

export interface LiveSite {
  site: SiteConfig;
  router: Router;
}

export interface LiveCache {
  /**
   * The live site, loaded with `load` when absent or stale. `liveVersion`, when given, is asked first once
   * the TTL has passed: versions are immutable, so an unchanged number keeps the compiled entry and skips
   * re-reading and re-parsing the stored config and model.
   */
  get(key: string, load: () => Promise<LiveVersion | null>, liveVersion?: () => Promise<number | null>): Promise<LiveSite | null>;
  invalidate(key: string): void;
}

/** Seconds-scale TTL: the longest a publish or rollback takes to reach an isolate that did not make it. */
export const LIVE_TTL_MS = 5_000;

/** A per-isolate cache of live sites; misses (unknown keys) are cached too, so bad keys cost no D1 read. */
export function liveCache(now: () => number, ttlMs = LIVE_TTL_MS): LiveCache {
  const entries = new Map<string, { at: number; value: LiveSite | null }>();
  return {
    async get(key, load, liveVersion) {
      const hit = entries.get(key);
      if (hit && now() - hit.at < ttlMs) return hit.value;
      if (hit?.value && liveVersion && (await liveVersion()) === hit.value.site.version) {
        hit.at = now();
        return hit.value;
      }
      const loaded = await load();
      let value: LiveSite | null = null;
      if (loaded) {
        const router = compileRouter(loaded.config, loaded.model);
        attachRouter(loaded.config, router);
        value = { site: loaded.config, router };
      }
      if (entries.size > 1000) entries.clear();
      entries.set(key, { at: now(), value });
      return value;
    },
    invalidate(key) {
      entries.delete(key);
    },
  };
}

/** The isolate's one cache. */
export const isolateLiveCache = liveCache(() => Date.now());
