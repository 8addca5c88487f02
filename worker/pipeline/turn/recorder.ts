/**
 * The turn's recorder: builds its `meta`, `delta` and `error` events from what the stages decided, and
 * hands the `TurnRecord` to the `onEnd` port exactly once, when the turn ends.
 */
import type { TurnEvent, Usage } from '../../../shared/protocol';
import { toParleyError } from '../../errors';
import type { GuardAction } from '../../guards';
import type { ChatTurnMessage, ProviderUsage } from '../../providers/types';
import type { ChainState } from '../gateway/chain';
import { turnUsage } from '../gateway/pricing';
import type { TurnRecord } from '../record';
import type { TurnRoute } from './route';
import type { TurnInput, TurnPorts } from './types';

type Ending = Pick<TurnRecord, 'status' | 'finish' | 'errorCode'> & Partial<TurnRecord>;

export class TurnRecorder {
  readonly started: number;
  /** The provider chain's progress (which link answers, attempts, breaker changes). */
  readonly chain: ChainState = { link: null, attempts: 0, skipped: 0 };
  readonly guardActions: GuardAction[] = [];
  /** The text sent to the client so far. */
  sentText = '';
  /** What the provider was asked (empty until the prompt stage), for usage estimates. */
  messages: ChatTurnMessage[] = [];
  /** The provider's own usage report, when it sent one. */
  reported: ProviderUsage | null = null;
  usage: Usage = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, costUsd: 0, estimated: true };
  private firstDeltaAt: number | null = null;
  private metaSent = false;

  constructor(
    private readonly input: TurnInput,
    private readonly ports: TurnPorts,
    public route: TurnRoute,
  ) {
    this.started = ports.now();
  }

  get messageId(): string {
    return this.input.message.id;
  }

  /** The link that answered, else the chain's first. */
  get answered() {
    return this.chain.link ?? this.route.links[0];
  }

  meta(provider: string, model: string, cached = false): TurnEvent {
    this.metaSent = true;
    const d = this.route.decision;
    return {
      type: 'meta',
      messageId: this.messageId,
      intent: d?.intent ?? null,
      confidence: d ? d.confidence : null,
      tier: this.route.tier,
      provider,
      model,
      cached,
      handoff: d?.handoff ?? false,
      ...(d ? { reason: d.reason } : {}),
    };
  }

  /** `meta` for the answering link, unless one was already sent. */
  *metaOnce(): Generator<TurnEvent> {
    const link = this.answered;
    if (!this.metaSent && link) yield this.meta(link.provider.id, link.model);
  }

  delta(text: string): TurnEvent {
    this.firstDeltaAt ??= this.ports.now();
    this.sentText += text;
    return { type: 'delta', messageId: this.messageId, text };
  }

  /** Note the first delta's time for a replay whose deltas are not built here. */
  markFirstDelta(): void {
    this.firstDeltaAt ??= this.ports.now();
  }

  /** Usage computed from the provider's report, or estimated from the prompt and the text sent. */
  estimatedUsage(): Usage {
    return turnUsage(this.reported, this.messages, this.sentText, this.answered?.model ?? '', this.input.site.prices);
  }

  record(ending: Ending): void {
    const link = this.answered;
    this.ports.onEnd?.({
      siteKey: this.input.site.key,
      conversationId: this.input.conversationId,
      messageId: this.messageId,
      intent: this.route.decision?.intent ?? null,
      tier: this.route.tier,
      provider: link?.provider.id ?? 'none',
      model: link?.model ?? 'none',
      cached: false,
      ttftMs: this.firstDeltaAt === null ? null : this.firstDeltaAt - this.started,
      totalMs: this.ports.now() - this.started,
      usage: this.usage,
      guardActions: this.guardActions,
      ...(this.chain.changes ? { breakerChanges: this.chain.changes } : {}),
      ...ending,
    });
  }

  /** End the turn with one `error` event (after `meta`, so the client knows which link failed). */
  *fail(err: unknown): Generator<TurnEvent> {
    const e = toParleyError(err);
    yield* this.metaOnce();
    this.usage = this.estimatedUsage();
    const ev: TurnEvent = {
      type: 'error',
      messageId: this.messageId,
      code: e.code,
      message: e.message,
      retryable: e.retryable || this.sentText.length > 0,
    };
    if (e.retryAfter !== undefined) ev.retryAfter = e.retryAfter;
    this.record({ status: 'error', finish: null, errorCode: e.code });
    yield ev;
  }
}
