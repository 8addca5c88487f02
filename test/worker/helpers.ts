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
  const named = byName(req);
  const ctx = createExecutionContext();
  const res = await app.fetch(named.req, { ...env, ...extraEnv } as WorkerEnv, ctx);
  await waitOnExecutionContext(ctx);
  const id = res.headers.get('x-conversation-id');
  const token = res.headers.get('x-conversation-token');
  if (named.name && id && token) conversations.set(named.name, { id, token });
  return res;
}

/**
 * The conversations tests named, by name: the server's id and token. The server mints every conversation, so a
 * test that names one (`conversationId: 'conv-a'`, or `newConversation()`) has it minted on first use and resumed
 * by its real id and token after. Server ids (UUIDs) pass through untouched: tests of ownership use them raw.
 */
export const conversations = new Map<string, { id: string; token: string }>();
const SERVER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Whether `id` is a test's name for a conversation rather than a server id. */
export const isName = (id: unknown): id is string => typeof id === 'string' && !SERVER_ID.test(id);
/** The server's id of a named conversation (the name itself before it was minted). */
export const realId = (name: string): string => conversations.get(name)?.id ?? name;

/** A visitor POST whose body names a conversation, rewritten to its real id and token (or to none, to mint it). */
function byName(req: Request): { req: Request; name?: string } {
  const text = bodies.get(req);
  if (text === undefined) return { req };
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { req };
  }
  const name = body.conversationId;
  if (!isName(name) || body.conversationToken !== undefined) return { req };
  const known = conversations.get(name);
  const { conversationId: _, ...rest } = body;
  const next = known ? { ...rest, conversationId: known.id, conversationToken: known.token } : rest;
  return { req: new Request(req, { body: JSON.stringify(next) }), name };
}

export function chatRequest(body: unknown, headers: Record<string, string> = { origin: ORIGIN }): Request {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const req = new Request('http://parley.test/v1/chat', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: text,
  });
  bodies.set(req, text);
  return req;
}

/** The JSON text of the visitor POSTs tests build, so naming conversations never reads a streamed body. */
const bodies = new WeakMap<Request, string>();
/** A visitor POST with a JSON body (`POST /v1/feedback` from a test), remembered like `chatRequest`'s. */
export function visitorPost(path: string, body: unknown, headers: Record<string, string> = { origin: ORIGIN }): Request {
  const text = JSON.stringify(body);
  const req = new Request(`http://parley.test${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: text,
  });
  bodies.set(req, text);
  return req;
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
