/**
 * Routers trained from site drafts, kept per draft hash in a small LRU in the isolate: the try-it box
 * routes many messages against one draft, and training the classifier is the expensive part, so it
 * happens once per draft content rather than once per request. A changed draft hashes differently.
 */
import type { SiteConfig } from '../../../shared/config';
import { sha256Hex } from '../../digest';
import { compileRouter, type Router, trainRouterModel } from '../../pipeline/router';

/** Drafts remembered per isolate (each holds one trained classifier). */
export const DRAFT_ROUTERS_MAX = 8;

export interface DraftRouters {
  /** The router for `draft`, and whether it came from the cache. */
  get(draft: SiteConfig): Promise<{ router: Router; cached: boolean }>;
  readonly size: number;
}

/** A bounded least-recently-used map from draft hash to trained router. */
export function draftRouters(max = DRAFT_ROUTERS_MAX): DraftRouters {
  const entries = new Map<string, Router>();
  return {
    async get(draft) {
      const hash = await sha256Hex(JSON.stringify(draft));
      const hit = entries.get(hash);
      if (hit) {
        entries.delete(hash);
        entries.set(hash, hit);
        return { router: hit, cached: true };
      }
      const router = compileRouter(draft, trainRouterModel(draft.intents));
      entries.set(hash, router);
      while (entries.size > max) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
      return { router, cached: false };
    },
    get size() {
      return entries.size;
    },
  };
}

/** This isolate's draft routers. */
export const isolateDraftRouters = draftRouters();
