/**
 * The turn pipeline: one visitor message in, a stream of protocol events out. It knows nothing of
 * Hono, sockets or SSE; transports number and serialise the events it yields (DESIGN decision 1).
 */
import type { SiteConfig } from '../../shared/config';
import { defaultGuardPolicy } from '../../shared/guard-policy';
import type { Tier, TurnEvent, Usage } from '../../shared/protocol';
import { toParleyError } from '../errors';
import { type GuardAction, guardBlocked, guardsAllowCache, type PiiVault, prepareGuards, type Scanners } from '../guards';
import { chainFor, type ProviderLink, type ProviderRegistry } from '../providers/registry';
import type { ChatTurnMessage, ProviderUsage, SamplingParams } from '../providers/types';
import {
  BYPASS,
  CACHED_USAGE,
  type CacheKv,
  type CacheMemory,
  type CachePolicy,
  type CacheStatus,
  isolateCacheMemory,
  openCache,
  replayCached,
} from './cache';
import { siteCacheSettings } from './cache/policy';
import { type ChainState, runChain } from './gateway/chain';
import { turnUsage } from './gateway/pricing';
import { type GatewayPorts, isolateGateway } from './gateway/runtime';
import type { TurnRecord } from './record';
import { type RouteDecision, type Router, routerFor } from './router';
import { cannedChunks } from './router/canned';

export interface TurnPorts {
  fetch: typeof fetch;
  now: () => number;
  secrets: Readonly<Record<string, string | undefined>>;
  /** Receives the turn's record once it ends (audit rows, metrics). */
  onEnd?: (record: TurnRecord) => void;
  /** Providers of this deployment (built once per env: `registryFor(env)`). */
  providers: ProviderRegistry;
  /** Retry, deadline and breaker machinery; the isolate's shared one by default. */
  gateway?: GatewayPorts;
  /** The reply cache's KV namespace; absent = no caching. `memory` defaults to this isolate's. */
  cache?: { kv: CacheKv; memory?: CacheMemory };
  /** Keeps background work (the cache write, a coalesced upstream) alive after the response ends. */
  waitUntil?: (p: Promise<unknown>) => void;
  /** Told hit / miss / bypass before the first event, so HTTP can send `x-parley-cache` in its headers. */
  onCacheDecision?: (status: CacheStatus) => void;
  /** Random source for the canary token (default Math.random). */
  random?: () => number;
  /** Guard scanners, swappable in tests (default: the real detectors). */
  guardScanners?: Scanners;
  /** The PII scanner for this message, shared with an earlier guard of the same text (`piiOnce`). */
  piiScanner?: Scanners['pii'];
}

export interface TurnInput {
  site: SiteConfig;
  conversationId: string;
  message: { id: string; text: string };
  /** Earlier messages of the conversation, oldest first. */
  history: ChatTurnMessage[];
  /** Forces the tier (the OpenAI-compatible API's `parley-*` models); otherwise routing decides. */
  tier?: Tier;
  /** Caller's sampling overrides (OpenAI-compatible API); `maxTokens` stays clamped to the site's ceiling. */
  params?: SamplingParams;
  signal: AbortSignal;
  /** The client's cache choice (`bypass` skips the lookup). */
  cacheMode?: 'default' | 'bypass';
  /** Overrides the routed intent's cache policy. */
  cachePolicy?: CachePolicy;
  /** The site's router; defaults to the one published with the site's config (see `routerFor`). */
  router?: Router;
  /** The conversation's placeholder → value map; mutated in place, never logged. */
  vault?: PiiVault;
}

/** Parsed once: zod-parsing the default policy on every turn cost more than the rest of the input guard. */
const DEFAULT_GUARDS = Object.freeze(defaultGuardPolicy());

const SYSTEM_PROMPT = (site: SiteConfig) =>
  `You are the customer-support assistant of ${site.name}. Answer briefly and politely. If you do not know, say so and offer a human agent.`;

function mergeParams(link: ProviderLink, extra: SamplingParams | undefined): SamplingParams {
  const base = link.params ?? {};
  if (!extra) return base;
  const merged: SamplingParams = { ...base, ...extra };
  if (base.maxTokens !== undefined) merged.maxTokens = Math.min(extra.maxTokens ?? base.maxTokens, base.maxTokens);
  return merged;
}

/**
 * Run one turn; always ends with exactly one `done` or `error` event. The stages, in order: input guard
 * and PII mask → intent route → canned answer → cache lookup → provider chain (retry, breaker, fallback)
 * → output guard → cache write. `meta` names the link that actually answered.
 */
export async function* runTurn(input: TurnInput, ports: TurnPorts): AsyncGenerator<TurnEvent> {
  const { site, message, signal } = input;
  const router = input.router ?? routerFor(site);
  const started = ports.now();
  let decision: RouteDecision | null = null;
  let tier: Tier = input.tier ?? 'default';
  let links = chainFor(ports.providers, site, tier);
  const state: ChainState = { link: null, attempts: 0, skipped: 0 };
  let firstDeltaAt: number | null = null;
  let reported: ProviderUsage | null = null;
  let usage: Usage = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, costUsd: 0, estimated: true };
  let metaSent = false;
  let sentText = '';
  let messages: ChatTurnMessage[] = [];
  const guardActions: GuardAction[] = [];
  const meta = (provider: string, model: string, cached = false): TurnEvent => {
    metaSent = true;
    return {
      type: 'meta',
      messageId: message.id,
      intent: decision?.intent ?? null,
      confidence: decision ? decision.confidence : null,
      tier,
      provider,
      model,
      cached,
      handoff: decision?.handoff ?? false,
      ...(decision ? { reason: decision.reason } : {}),
    };
  };
  const record = (rec: Pick<TurnRecord, 'status' | 'finish' | 'errorCode'> & Partial<TurnRecord>) => {
    const link = state.link ?? links[0];
    ports.onEnd?.({
      siteKey: site.key,
      conversationId: input.conversationId,
      messageId: message.id,
      intent: decision?.intent ?? null,
      tier,
      provider: link?.provider.id ?? 'none',
      model: link?.model ?? 'none',
      cached: false,
      ttftMs: firstDeltaAt === null ? null : firstDeltaAt - started,
      totalMs: ports.now() - started,
      usage,
      guardActions,
      ...(state.changes ? { breakerChanges: state.changes } : {}),
      ...rec,
    });
  };
  const delta = (text: string): TurnEvent => {
    firstDeltaAt ??= ports.now();
    sentText += text;
    return { type: 'delta', messageId: message.id, text };
  };

  // 1–2. Input guard and PII mask, then the intent route on the masked text; the intent's prompt joins
  // the system prompt before the canary is placed, so the leak check covers it too.
  const basePrompt = SYSTEM_PROMPT(site);
  let systemPrompt = basePrompt;
  let guard: ReturnType<typeof prepareGuards>;
  try {
    guard = prepareGuards({
      policy: site.guards ?? DEFAULT_GUARDS,
      text: message.text,
      history: input.history,
      systemPrompt: (masked) => {
        decision = router.route(masked);
        if (decision.systemPrompt) systemPrompt = `${basePrompt}\n${decision.systemPrompt}`;
        return systemPrompt;
      },
      publicTexts: publishedTexts(site),
      now: ports.now,
      random: ports.random ?? Math.random,
      ...(input.vault ? { vault: input.vault } : {}),
      ...(ports.guardScanners ? { scanners: ports.guardScanners } : {}),
      ...(ports.piiScanner ? { pii: ports.piiScanner } : {}),
    });
  } catch (err) {
    yield* fail(err);
    return;
  }
  guardActions.push(...guard.inputActions);
  if (guard.blocked) {
    yield* fail(guard.blocked);
    return;
  }
  const routed = decision as RouteDecision | null;
  if (routed && input.tier === undefined) {
    tier = routed.tier;
    links = chainFor(ports.providers, site, tier);
  }
  messages = guard.messages;

  // 3. A canned answer streams without asking any model (zero tokens, exactly).
  if (routed?.answer) {
    yield meta('faq', 'canned');
    for (const text of cannedChunks(routed.answer)) {
      if (signal.aborted) break;
      yield delta(text);
    }
    const end = signal.aborted ? 'stopped' : 'stop';
    usage = { ...usage, estimated: false };
    record({ status: 'done', finish: end, errorCode: null, provider: 'faq', model: 'canned' });
    yield { type: 'done', messageId: message.id, finish: end, usage };
    return;
  }

  // 4. Reply cache lookup, keyed on the prompt without its per-turn canary and the masked window.
  const params = input.params ?? {};
  const cache = ports.cache
    ? await openCache(
        {
          site,
          intent: routed?.intent ?? null,
          tier,
          // The endpoint (provider key) is part of the key: another server may answer differently.
          chain: links.map((l) => ({ provider: l.provider.key ?? l.provider.id, model: l.model })),
          systemPrompt,
          window: messages.slice(1),
          params: { ...links[0]?.params, ...params },
          ...(input.cachePolicy ? { policy: input.cachePolicy } : routed ? { policy: intentCachePolicy(site, routed) } : {}),
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
  if (cache.hit) {
    const hit = cache.hit;
    for (const ev of replayCached(hit, message.id)) {
      if (ev.type === 'meta') {
        yield meta(hit.provider, hit.model, true);
        continue;
      }
      if (ev.type === 'delta') firstDeltaAt ??= ports.now();
      if (ev.type === 'done') {
        usage = ev.usage;
        record({ status: 'done', finish: 'stop', errorCode: null, cached: true, provider: hit.provider, model: hit.model });
      }
      yield ev;
    }
    return;
  }

  // 5–6. The tier's provider chain, every delta through the output guard.
  const outGuard = guard.output;
  const syncOutActions = () => {
    for (const a of outGuard.state.actions) if (!guardActions.includes(a)) guardActions.push(a);
  };
  let finish: 'stop' | 'length' = 'stop';
  const gateway = ports.gateway ?? isolateGateway;
  try {
    // Identical cacheable requests in flight share one upstream call (cache coalescing).
    const events = cache.upstream(
      (upstreamSignal) =>
        runChain(
          links,
          (link) => ({ model: link.model, messages, params: mergeParams(link, params) }),
          { site, secrets: ports.secrets },
          upstreamSignal,
          gateway.fetch === ports.fetch ? gateway : { ...gateway, fetch: ports.fetch },
          state,
        ),
      signal,
    );
    for await (const ev of events) {
      if (ev.type === 'text') {
        const step = outGuard.push(ev.text);
        syncOutActions();
        if (step.text) yield delta(step.text);
        if (step.blocked) throw guardBlocked(step.blocked);
      } else if (ev.type === 'start') {
        yield meta(ev.link.provider.id, ev.link.model);
      } else if (ev.type === 'usage') {
        reported = ev.usage;
      } else {
        finish = ev.reason;
      }
    }
    const tail = outGuard.end();
    syncOutActions();
    if (tail.blocked) throw guardBlocked(tail.blocked);
    if (tail.text) yield delta(tail.text);
    const answered = state.link ?? links[0];
    if (!metaSent && answered) yield meta(answered.provider.id, answered.model);
    usage = cache.coalesced ? CACHED_USAGE : turnUsage(reported, messages, sentText, answered?.model ?? '', site.prices);
    const end = signal.aborted ? 'stopped' : finish;
    record({ status: 'done', finish: end, errorCode: null });
    try {
      yield { type: 'done', messageId: message.id, finish: end, usage };
    } finally {
      // 7. Cache write once `done` is out: only complete, untouched replies; KV via waitUntil.
      cache.complete({
        status: 'done',
        finish: end,
        text: sentText,
        tainted: !guardsAllowCache(guard.inputActions, outGuard),
        provider: answered?.provider.id ?? 'none',
        model: answered?.model ?? 'none',
        usage,
      });
    }
  } catch (err) {
    yield* fail(err);
  }

  /** End the turn with one `error` event (after `meta`, so the client knows which link failed). */
  function* fail(err: unknown): Generator<TurnEvent> {
    const e = toParleyError(err);
    const tried = state.link ?? links[0];
    if (!metaSent && tried) yield meta(tried.provider.id, tried.model);
    usage = turnUsage(reported, messages, sentText, tried?.model ?? '', site.prices);
    const ev: TurnEvent = {
      type: 'error',
      messageId: message.id,
      code: e.code,
      message: e.message,
      retryable: e.retryable || sentText.length > 0,
    };
    if (e.retryAfter !== undefined) ev.retryAfter = e.retryAfter;
    record({ status: 'error', finish: null, errorCode: e.code });
    yield ev;
  }
}

const publicTextsBySite = new WeakMap<SiteConfig, string[]>();

/** The answers a site publishes (one array per config object, so the guards scan them once per version). */
function publishedTexts(site: SiteConfig): string[] {
  let texts = publicTextsBySite.get(site);
  if (!texts) {
    texts = [...site.faq.map((f) => f.answer), ...site.intents.flatMap((i) => Object.values(i.answer ?? {}))];
    publicTextsBySite.set(site, texts);
  }
  return texts;
}

/** The cache policy of a routed turn: the intent's cacheability and TTL, else the site's default TTL. */
function intentCachePolicy(site: SiteConfig, d: RouteDecision): CachePolicy {
  return { cacheable: d.cacheable, ttlSeconds: d.cacheTtl ?? siteCacheSettings(site).defaultTtlSeconds };
}
