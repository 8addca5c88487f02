/**
 * The turn pipeline: one visitor message in, a stream of protocol events out. It knows nothing of
 * Hono, sockets or SSE; transports number and serialise the events it yields (DESIGN decision 1).
 */
import type { SiteConfig } from '../../shared/config';
import { defaultGuardPolicy } from '../../shared/guard-policy';
import type { TurnEvent, Usage } from '../../shared/protocol';
import { toParleyError } from '../errors';
import { type GuardAction, guardBlocked, type PiiVault, prepareGuards, type Scanners } from '../guards';
import type { ProviderLink } from '../providers/registry';
import type { ChatTurnMessage } from '../providers/types';
import type { TurnRecord } from './record';

export interface TurnPorts {
  fetch: typeof fetch;
  now: () => number;
  secrets: Readonly<Record<string, string | undefined>>;
  /** Receives the turn's record once it ends (audit rows, metrics). */
  onEnd?: (record: TurnRecord) => void;
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
  link: ProviderLink;
  signal: AbortSignal;
  /** The conversation's placeholder → value map; mutated in place, never logged (issue 5). */
  vault?: PiiVault;
}

const SYSTEM_PROMPT = (site: SiteConfig) =>
  `You are the customer-support assistant of ${site.name}. Answer briefly and politely. If you do not know, say so and offer a human agent.`;

/** Run one turn; always ends with exactly one `done` or `error` event. */
export async function* runTurn(input: TurnInput, ports: TurnPorts): AsyncGenerator<TurnEvent> {
  const { site, message, link, signal } = input;
  const started = ports.now();
  let firstDeltaAt: number | null = null;
  const guardActions: GuardAction[] = [];
  const record = (rec: Pick<TurnRecord, 'status' | 'finish' | 'errorCode'>) =>
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
      guardActions,
      ...rec,
    });
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
  const usage: Usage = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, costUsd: 0, estimated: true };
  let finish: 'stop' | 'length' = 'stop';
  let sentText = '';
  try {
    // Guards (issue 5): input checked and masked before the provider; the output guard wraps its deltas.
    const guard = prepareGuards({
      policy: site.guards ?? defaultGuardPolicy(),
      text: message.text,
      history: input.history,
      systemPrompt: SYSTEM_PROMPT(site),
      publicTexts: site.faq.map((f) => f.answer),
      now: ports.now,
      random: ports.random ?? Math.random,
      ...(input.vault ? { vault: input.vault } : {}),
      ...(ports.guardScanners ? { scanners: ports.guardScanners } : {}),
    });
    guardActions.push(...guard.inputActions);
    const outGuard = guard.output;
    const syncOutActions = () => guardActions.push(...outGuard.state.actions.filter((a) => !guardActions.includes(a)));
    if (guard.blocked) throw guard.blocked;
    const messages: ChatTurnMessage[] = guard.messages;
    const chunks = link.provider.stream(
      { model: link.model, messages, params: {} },
      { fetch: ports.fetch, site, signal, secrets: ports.secrets },
    );
    for await (const chunk of chunks) {
      if (chunk.type === 'text') {
        const step = outGuard.push(chunk.text);
        syncOutActions();
        if (step.text) {
          firstDeltaAt ??= ports.now();
          sentText += step.text;
          yield { type: 'delta', messageId: message.id, text: step.text };
        }
        if (step.blocked) throw guardBlocked(step.blocked);
      } else if (chunk.type === 'usage') {
        Object.assign(usage, chunk.usage, { estimated: false });
      } else {
        finish = chunk.reason;
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
