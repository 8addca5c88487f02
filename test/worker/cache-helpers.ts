/**
 * Helpers for the reply-cache tests: run the turn pipeline directly in workerd (real KV, real mock
 * upstream) for sites other than the seeded demo, whose lookup is static on this branch.
 */
import { env } from 'cloudflare:test';
import { SiteConfig } from '../../shared/config';
import type { ServerFrame, TurnEvent } from '../../shared/protocol';
import type { WorkerEnv } from '../../worker/env';
import type { CachePolicy, CacheStatus } from '../../worker/pipeline/cache';
import type { TurnRecord } from '../../worker/pipeline/record';
import { runTurn } from '../../worker/pipeline/turn';
import { registryFor } from '../../worker/providers/registry';
import { DEMO_SITE } from '../../worker/seed/demo-site';

/** A second tenant: the demo site's config under another key (same name, so prompts are equal too). */
export function otherSite(key: string, patch: Partial<SiteConfig> = {}): SiteConfig {
  return SiteConfig.parse({ ...DEMO_SITE, key, ...patch });
}

export interface DirectTurn {
  status: CacheStatus | null;
  events: TurnEvent[];
  text: string;
  record: TurnRecord | null;
}

/** Run one turn for `site` against the provider in `providerEnv`; waits for its background work. */
export async function runDirect(
  site: SiteConfig,
  text: string,
  providerEnv: Partial<WorkerEnv>,
  opts: { bypass?: boolean; policy?: CachePolicy } = {},
): Promise<DirectTurn> {
  const background: Promise<unknown>[] = [];
  const out: DirectTurn = { status: null, events: [], text: '', record: null };
  const fullEnv = { ...env, ...providerEnv } as WorkerEnv;
  const turn = runTurn(
    {
      site,
      conversationId: 'c-direct',
      message: { id: `m${Math.random().toString(36).slice(2, 8)}`, text },
      history: [],
      signal: new AbortController().signal,
      cacheMode: opts.bypass ? 'bypass' : 'default',
      ...(opts.policy ? { cachePolicy: opts.policy } : {}),
    },
    {
      fetch: (input, init) => fetch(input, init),
      now: () => Date.now(),
      providers: registryFor(fullEnv),
      cache: { kv: env.CACHE },
      waitUntil: (p) => background.push(p),
      onCacheDecision: (s) => {
        out.status = s;
      },
      onEnd: (r) => {
        out.record = r;
      },
    },
  );
  for await (const ev of turn) {
    out.events.push(ev);
    if (ev.type === 'delta') out.text += ev.text;
  }
  await Promise.all(background);
  return out;
}

/** Concatenated delta text of SSE frames. */
export function deltaText(frames: { frame: ServerFrame }[]): string {
  return frames.map((f) => (f.frame.type === 'delta' ? f.frame.text : '')).join('');
}

/** KV keys under a prefix (the CACHE namespace). */
export async function kvKeys(prefix: string): Promise<string[]> {
  const page = await env.CACHE.list({ prefix });
  return page.keys.map((k) => k.name);
}
