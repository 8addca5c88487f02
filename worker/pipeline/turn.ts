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
import { type ChainState, runChain } from './gateway/chain';
import { turnUsage } from './gateway/pricing';
import { type GatewayPorts, isolateGateway } from './gateway/runtime';
import type { TurnRecord } from './record';

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
}

export interface TurnInput {
  site: SiteConfig;
  conversationId: string;
  message: { id: string; text: string };
  /** Earlier messages of the conversation, oldest first. */
  history: ChatTurnMessage[];
  /** Which chain answers (intent routing decides later); `default` when absent. */
  tier?: Tier;
  /** Caller's sampling overrides (OpenAI-compatible API); `maxTokens` stays clamped to the site's ceiling. */
  params?: SamplingParams;
  signal: AbortSignal;
  /** The client's cache choice (`bypass` skips the lookup). */
  cacheMode?: 'default' | 'bypass';
  /** The routed intent's cache policy; the site default when absent. */
  cachePolicy?: CachePolicy;
  /** The conversation's placeholder → value map; mutated in place, never logged. */
  vault?: PiiVault;
}

const SYSTEM_PROMPT = (site: SiteConfig) =>
  `You are the customer-support assistant of ${site.name}. Answer briefly and politely. If you do not know, say so and offer a human agent.`;

function mergeParams(link: ProviderLink, extra: SamplingParams | undefined): SamplingParams {
  const base = link.params ?? {};
  if (!extra) return base;
  const merged: SamplingParams = { ...base, ...extra };
  if (base.maxTokens !== undefined) merged.maxTokens = Math.min(extra.maxTokens ?? base.maxTokens, base.maxTokens);
  return merged;
}

/** Run one turn; always ends with exactly one `done` or `error` event. `meta` names the link that answered. */
export async function* runTurn(input: TurnInput, ports: TurnPorts): AsyncGenerator<TurnEvent> {
  const { site, message, signal } = input;
  const tier = input.tier ?? 'default';
  const started = ports.now();
  const links = chainFor(ports.providers, site, tier);
  const state: ChainState = { link: null, attempts: 0, skipped: 0 };
  let firstDeltaAt: number | null = null;
  let reported: ProviderUsage | null = null;
  let usage: Usage = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, costUsd: 0, estimated: true };
  let metaSent = false;
  let sentText = '';
  let messages: ChatTurnMessage[] = [];
  const guardActions: GuardAction[] = [];
  const meta = (link: ProviderLink): TurnEvent => {
    metaSent = true;
    return {
      type: 'meta',
      messageId: message.id,
      intent: null,
      confidence: null,
      tier,
      provider: link.provider.id,
      model: link.model,
      cached: false,
      handoff: false,
    };
  };
  const record = (rec: Pick<TurnRecord, 'status' | 'finish' | 'errorCode'> & Partial<TurnRecord>) => {
    const link = state.link ?? links[0];
    ports.onEnd?.({
      siteKey: site.key,
      conversationId: input.conversationId,
      messageId: message.id,
      intent: null,
      tier,
      provider: link?.provider.id ?? 'none',
      model: link?.model ?? 'none',
      cached: false,
      ttftMs: firstDeltaAt === null ? null : firstDeltaAt - started,
      totalMs: ports.now() - started,
      usage,
      guardActions,
      ...rec,
    });
  };
  // Guards: the input is checked and masked before the cache key or any provider sees it; the system
  // prompt gets a canary; the output guard wraps every delta.
  const systemPrompt = SYSTEM_PROMPT(site);
  let guard: ReturnType<typeof prepareGuards>;
  try {
    guard = prepareGuards({
      policy: site.guards ?? defaultGuardPolicy(),
      text: message.text,
      history: input.history,
      systemPrompt,
      publicTexts: site.faq.map((f) => f.answer),
      now: ports.now,
      random: ports.random ?? Math.random,
      ...(input.vault ? { vault: input.vault } : {}),
      ...(ports.guardScanners ? { scanners: ports.guardScanners } : {}),
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
  messages = guard.messages;
  const outGuard = guard.output;
  const syncOutActions = () => {
    for (const a of outGuard.state.actions) if (!guardActions.includes(a)) guardActions.push(a);
  };
  // Reply cache lookup: after routing and input masking, before any provider.
  const cache = ports.cache
    ? await openCache(
        {
          site,
          intent: null,
          tier,
          // The endpoint (provider key) is part of the key: another server may answer differently.
          chain: links.map((l) => ({ provider: l.provider.key ?? l.provider.id, model: l.model })),
          // The prompt without its per-turn canary, and the masked window: no raw PII, stable keys.
          systemPrompt,
          window: messages.slice(1),
          params: input.params ?? {},
          ...(input.cachePolicy ? { policy: input.cachePolicy } : {}),
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
    for (const ev of replayCached(cache.hit, message.id)) {
      if (ev.type === 'delta') firstDeltaAt ??= ports.now();
      if (ev.type === 'done') {
        usage = ev.usage;
        record({ status: 'done', finish: 'stop', errorCode: null, cached: true, provider: cache.hit.provider, model: cache.hit.model });
      }
      yield ev;
    }
    return;
  }
  let finish: 'stop' | 'length' = 'stop';
  const gateway = ports.gateway ?? isolateGateway;
  try {
    // Identical cacheable requests in flight share one upstream call (cache coalescing).
    const events = cache.upstream(
      (upstreamSignal) =>
        runChain(
          links,
          (link) => ({ model: link.model, messages, params: mergeParams(link, input.params) }),
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
        if (step.text) {
          firstDeltaAt ??= ports.now();
          sentText += step.text;
          yield { type: 'delta', messageId: message.id, text: step.text };
        }
        if (step.blocked) throw guardBlocked(step.blocked);
      } else if (ev.type === 'start') {
        yield meta(ev.link);
      } else if (ev.type === 'usage') {
        reported = ev.usage;
      } else {
        finish = ev.reason;
      }
    }
    const tail = outGuard.end();
    syncOutActions();
    if (tail.blocked) throw guardBlocked(tail.blocked);
    if (tail.text) {
      firstDeltaAt ??= ports.now();
      sentText += tail.text;
      yield { type: 'delta', messageId: message.id, text: tail.text };
    }
    const answered = state.link ?? links[0];
    if (!metaSent && answered) yield meta(answered);
    usage = cache.coalesced ? CACHED_USAGE : turnUsage(reported, messages, sentText, answered?.model ?? '', site.prices);
    const end = signal.aborted ? 'stopped' : finish;
    record({ status: 'done', finish: end, errorCode: null });
    try {
      yield { type: 'done', messageId: message.id, finish: end, usage };
    } finally {
      // Cache write once `done` is out: only complete, untouched replies; KV via waitUntil.
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
    if (!metaSent && tried) yield meta(tried);
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
