/**
 * The turn pipeline: one visitor message in, a stream of protocol events out. It knows nothing of
 * Hono, sockets or SSE; transports number and serialise the events it yields (DESIGN decision 1).
 */
import type { SiteConfig } from '../../shared/config';
import type { TurnEvent, Usage } from '../../shared/protocol';
import { toParleyError } from '../errors';
import type { ProviderLink } from '../providers/registry';
import type { ChatTurnMessage } from '../providers/types';
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
import type { TurnRecord } from './record';

export interface TurnPorts {
  fetch: typeof fetch;
  now: () => number;
  secrets: Readonly<Record<string, string | undefined>>;
  /** Receives the turn's record once it ends (audit rows, metrics). */
  onEnd?: (record: TurnRecord) => void;
  // --- reply cache (issue 6) ---
  /** The reply cache's KV namespace; absent = no caching. `memory` defaults to this isolate's. */
  cache?: { kv: CacheKv; memory?: CacheMemory };
  /** Keeps background work (the cache write, a coalesced upstream) alive after the response ends. */
  waitUntil?: (p: Promise<unknown>) => void;
  /** Told hit / miss / bypass before the first event, so HTTP can send `x-parley-cache` in its headers. */
  onCacheDecision?: (status: CacheStatus) => void;
  /** True when an output guard altered or flagged this turn's text: such turns are never cached. */
  guardTainted?: () => boolean;
}

export interface TurnInput {
  site: SiteConfig;
  conversationId: string;
  message: { id: string; text: string };
  /** Earlier messages of the conversation, oldest first. */
  history: ChatTurnMessage[];
  link: ProviderLink;
  signal: AbortSignal;
  /** The client's cache choice (`bypass` skips the lookup). */
  cacheMode?: 'default' | 'bypass';
  /** The routed intent's cache policy; the site default when absent. */
  cachePolicy?: CachePolicy;
}

const SYSTEM_PROMPT = (site: SiteConfig) =>
  `You are the customer-support assistant of ${site.name}. Answer briefly and politely. If you do not know, say so and offer a human agent.`;

/** Run one turn; always ends with exactly one `done` or `error` event. */
export async function* runTurn(input: TurnInput, ports: TurnPorts): AsyncGenerator<TurnEvent> {
  const { site, message, link, signal } = input;
  const started = ports.now();
  let firstDeltaAt: number | null = null;
  const record = (rec: Pick<TurnRecord, 'status' | 'finish' | 'errorCode'> & Partial<TurnRecord>) =>
    ports.onEnd?.({
      siteKey: site.key,
      conversationId: input.conversationId,
      messageId: message.id,
      intent: null,
      tier: 'default',
      provider: link.provider.id,
      model: link.model,
      cached: false,
      ttftMs: firstDeltaAt === null ? null : firstDeltaAt - started,
      totalMs: ports.now() - started,
      usage,
      guardActions: [],
      ...rec,
    });
  const usage: Usage = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, costUsd: 0, estimated: true };
  // --- reply cache lookup (issue 6): after routing and input masking, before any provider ---
  const messages: ChatTurnMessage[] = [
    { role: 'system', content: SYSTEM_PROMPT(site) },
    ...input.history,
    { role: 'user', content: message.text },
  ];
  const cache = ports.cache
    ? await openCache(
        {
          site,
          intent: null,
          tier: 'default',
          chain: [{ provider: link.provider.id, model: link.model }],
          systemPrompt: SYSTEM_PROMPT(site),
          window: messages.slice(1),
          params: {},
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
        Object.assign(usage, ev.usage);
        record({ status: 'done', finish: 'stop', errorCode: null, cached: true, provider: cache.hit.provider, model: cache.hit.model });
      }
      yield ev;
    }
    return;
  }
  // --- end reply cache lookup ---
  yield {
    type: 'meta',
    messageId: message.id,
    intent: null,
    confidence: null,
    tier: 'default',
    provider: link.provider.id,
    model: link.model,
    cached: false,
    handoff: false,
  };
  let finish: 'stop' | 'length' = 'stop';
  let sentText = '';
  try {
    // Identical cacheable requests in flight share this call (cache stage coalescing).
    const chunks = cache.upstream(
      (upstreamSignal) =>
        link.provider.stream(
          { model: link.model, messages, params: {} },
          { fetch: ports.fetch, site, signal: upstreamSignal, secrets: ports.secrets },
        ),
      signal,
    );
    for await (const chunk of chunks) {
      if (chunk.type === 'text') {
        firstDeltaAt ??= ports.now();
        sentText += chunk.text;
        yield { type: 'delta', messageId: message.id, text: chunk.text };
      } else if (chunk.type === 'usage') {
        Object.assign(usage, chunk.usage, { estimated: false });
      } else {
        finish = chunk.reason;
      }
    }
    if (usage.estimated) usage.outputTokens = Math.ceil(sentText.length / 4);
    const end = signal.aborted ? 'stopped' : finish;
    if (cache.coalesced) Object.assign(usage, CACHED_USAGE); // issue 6: the leader's turn paid for it
    record({ status: 'done', finish: end, errorCode: null });
    try {
      yield { type: 'done', messageId: message.id, finish: end, usage };
    } finally {
      // Cache write (issue 6), once `done` is out: only complete, untouched replies; KV via waitUntil.
      cache.complete({
        status: 'done',
        finish: end,
        text: sentText,
        tainted: ports.guardTainted?.() ?? false,
        provider: link.provider.id,
        model: link.model,
        usage,
      });
    }
  } catch (err) {
    const e = toParleyError(err);
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
