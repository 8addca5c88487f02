import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { SiteConfig, type SiteConfig as SiteConfigType, type Tiers } from '../../shared/config';
import type { WorkerEnv } from '../../worker/env';
import app from '../../worker/index';
import { DEMO_SITE } from '../../worker/seed/demo-site';
import { publishDraft } from '../../worker/storage/site-repo';
import { type Scenario, setScenario } from '../fixtures/mock-client';
import { type ParsedEvent, parseSse } from '../fixtures/sse';

export const ORIGIN = 'http://localhost:8787';

/**
 * Call the Worker's fetch handler in workerd. `extraEnv` reaches only the Worker's own code (the OpenAI-
 * compatible route, admin tokens): conversation objects read the pool's bindings (vitest.worker.config.ts).
 */
export async function call(req: Request, extraEnv: Partial<WorkerEnv> = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await app.fetch(req, { ...env, ...extraEnv } as WorkerEnv, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

export function chatRequest(body: unknown, headers: Record<string, string> = { origin: ORIGIN }): Request {
  return new Request('http://parley.test/v1/chat', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export async function framesOf(res: Response): Promise<ParsedEvent[]> {
  return parseSse(await res.text());
}

/** Create and publish a site in D1 (as the console would), straight through the site repository. */
export async function publishSite(config: unknown): Promise<SiteConfigType> {
  const site = SiteConfig.parse(config);
  const now = Date.now();
  await env.DB.prepare('INSERT INTO sites (key, draft, live_version, created_at, updated_at) VALUES (?, ?, NULL, ?, ?)')
    .bind(site.key, JSON.stringify(site), now, now)
    .run();
  await publishDraft(env.DB, site.key, 'test', null, now);
  return site;
}

export interface MockProvider {
  /** The scenario's id, which is also the model name that selects it. */
  id: string;
  model: string;
  /** Every tier of a site answered by this scenario through the pool's mock-upstream OpenAI binding. */
  tiers: Tiers;
  /** A published copy of the demo site (same name, intents and origins) whose tiers are `tiers`. */
  siteKey: string;
  /** Env for running the turn pipeline directly (not through a conversation): the same scenario by base URL. */
  env: Partial<WorkerEnv>;
}

let n = 0;
/** Register a mock-upstream scenario under a unique id and publish a demo-like site whose chains ask it. */
export async function mockProvider(scenario: Scenario, site: Record<string, unknown> = {}): Promise<MockProvider> {
  const id = `t${Date.now().toString(36)}${(n++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const base = await setScenario(env.MOCK_UPSTREAM, id, scenario);
  const link = { provider: 'openai', model: id, params: {} };
  const tiers: Tiers = { fast: [link], default: [link], premium: [link] };
  const siteKey = `mock-${id}`;
  await publishSite({ ...DEMO_SITE, key: siteKey, tiers, ...site });
  return {
    id,
    model: id,
    tiers,
    siteKey,
    env: { OPENAI_BASE_URL: base, OPENAI_API_KEY: 'test-key-not-secret', OPENAI_MODEL: 'mock-chat', DEFAULT_TIER_PROVIDERS: 'openai' },
  };
}
