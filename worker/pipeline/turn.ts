/**
 * The turn pipeline: one visitor message in, a stream of protocol events out. It knows nothing of
 * Hono, sockets or SSE; transports number and serialise the events it yields (DESIGN decision 1).
 */
import type { SiteConfig } from '../../shared/config';
import type { Tier, TurnEvent, Usage } from '../../shared/protocol';
import { toParleyError } from '../errors';
import { chainFor, type ProviderLink, type ProviderRegistry } from '../providers/registry';
import type { ChatTurnMessage, ProviderUsage, SamplingParams } from '../providers/types';
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
  const record = (rec: Pick<TurnRecord, 'status' | 'finish' | 'errorCode'>) => {
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
      guardActions: [],
      ...rec,
    });
  };
  const messages: ChatTurnMessage[] = [
    { role: 'system', content: SYSTEM_PROMPT(site) },
    ...input.history,
    { role: 'user', content: message.text },
  ];
  let finish: 'stop' | 'length' = 'stop';
  let sentText = '';
  const gateway = ports.gateway ?? isolateGateway;
  try {
    const events = runChain(
      links,
      (link) => ({ model: link.model, messages, params: mergeParams(link, input.params) }),
      { site, secrets: ports.secrets },
      signal,
      gateway.fetch === ports.fetch ? gateway : { ...gateway, fetch: ports.fetch },
      state,
    );
    for await (const ev of events) {
      if (ev.type === 'text') {
        firstDeltaAt ??= ports.now();
        sentText += ev.text;
        yield { type: 'delta', messageId: message.id, text: ev.text };
      } else if (ev.type === 'start') {
        yield meta(ev.link);
      } else if (ev.type === 'usage') {
        reported = ev.usage;
      } else {
        finish = ev.reason;
      }
    }
    const answered = state.link ?? links[0];
    if (!metaSent && answered) yield meta(answered);
    usage = turnUsage(reported, messages, sentText, answered?.model ?? '', site.prices);
    const end = signal.aborted ? 'stopped' : finish;
    record({ status: 'done', finish: end, errorCode: null });
    yield { type: 'done', messageId: message.id, finish: end, usage };
  } catch (err) {
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
