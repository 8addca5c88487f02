/**
 * The turn pipeline: one visitor message in, a stream of protocol events out. It knows nothing of
 * Hono, sockets or SSE; transports number and serialise the events it yields (DESIGN decision 1).
 */
import type { SiteConfig } from '../../shared/config';
import type { Tier, TurnEvent, Usage } from '../../shared/protocol';
import { toParleyError } from '../errors';
import type { ProviderLink } from '../providers/registry';
import type { ChatTurnMessage } from '../providers/types';
import type { TurnRecord } from './record';
import { type RouteDecision, type Router, routerFor } from './router';
import { cannedChunks } from './router/canned';

export interface TurnPorts {
  fetch: typeof fetch;
  now: () => number;
  secrets: Readonly<Record<string, string | undefined>>;
  /** Receives the turn's record once it ends (audit rows, metrics). */
  onEnd?: (record: TurnRecord) => void;
}

export interface TurnInput {
  site: SiteConfig;
  conversationId: string;
  message: { id: string; text: string };
  /** Earlier messages of the conversation, oldest first. */
  history: ChatTurnMessage[];
  link: ProviderLink;
  signal: AbortSignal;
  /** The site's router; defaults to the one published with the site's config (see `routerFor`). */
  router?: Router;
}

const SYSTEM_PROMPT = (site: SiteConfig) =>
  `You are the customer-support assistant of ${site.name}. Answer briefly and politely. If you do not know, say so and offer a human agent.`;

/** Run one turn; always ends with exactly one `done` or `error` event. */
export async function* runTurn(input: TurnInput, ports: TurnPorts): AsyncGenerator<TurnEvent> {
  const { site, message, link, signal } = input;
  const started = ports.now();
  let firstDeltaAt: number | null = null;
  // Intent route (pure, sub-millisecond) on the visitor text, before any provider sees it.
  const decision: RouteDecision = (input.router ?? routerFor(site)).route(message.text);
  const tier: Tier = decision.tier;
  const canned = decision.answer !== null;
  const provider = canned ? 'faq' : link.provider.id;
  const model = canned ? 'canned' : link.model;
  const record = (rec: Pick<TurnRecord, 'status' | 'finish' | 'errorCode'>) =>
    ports.onEnd?.({
      siteKey: site.key,
      conversationId: input.conversationId,
      messageId: message.id,
      intent: decision.intent,
      tier,
      provider,
      model,
      cached: false,
      ttftMs: firstDeltaAt === null ? null : firstDeltaAt - started,
      totalMs: ports.now() - started,
      usage,
      guardActions: [],
      ...rec,
    });
  yield {
    type: 'meta',
    messageId: message.id,
    intent: decision.intent,
    confidence: decision.confidence,
    tier,
    provider,
    model,
    cached: false,
    handoff: decision.handoff,
    reason: decision.reason,
  };
  const usage: Usage = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, costUsd: 0, estimated: true };
  let finish: 'stop' | 'length' = 'stop';
  let sentText = '';
  try {
    if (decision.answer !== null) {
      for (const text of cannedChunks(decision.answer)) {
        if (signal.aborted) break;
        firstDeltaAt ??= ports.now();
        sentText += text;
        yield { type: 'delta', messageId: message.id, text };
      }
      const end = signal.aborted ? 'stopped' : 'stop';
      usage.estimated = false; // exactly zero tokens: no model was asked
      record({ status: 'done', finish: end, errorCode: null });
      yield { type: 'done', messageId: message.id, finish: end, usage };
      return;
    }
    const system = decision.systemPrompt ? `${SYSTEM_PROMPT(site)}\n${decision.systemPrompt}` : SYSTEM_PROMPT(site);
    const messages: ChatTurnMessage[] = [{ role: 'system', content: system }, ...input.history, { role: 'user', content: message.text }];
    const chunks = link.provider.stream(
      { model: link.model, messages, params: {} },
      { fetch: ports.fetch, site, signal, secrets: ports.secrets },
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
    record({ status: 'done', finish: end, errorCode: null });
    yield { type: 'done', messageId: message.id, finish: end, usage };
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
