/**
 * Actions waiting for the visitor's yes or no (`confirm: true`): the turn leaves the call here (in the
 * object's SQLite storage, so it survives eviction) and ends with a `confirm` frame; the visitor's answer
 * (a `confirm` frame on the socket, or `POST /v1/confirm`) takes it, once. Approved, the call runs and a new
 * assistant reply streams (meta, status, delta, done) from its result; declined, a short reply says it was
 * not done. An unknown or lapsed call id is a typed error and nothing runs.
 */
import type { SiteConfig } from '../../shared/config';
import { callAction } from '../actions/call';
import { identityOf, offeredActions } from '../actions/offer';
import type { ActionCallRecord, PendingCall, PendingCalls } from '../actions/pending';
import { actionText, replyFromResult, statusText } from '../actions/text';
import { ParleyError } from '../errors';
import { regionsFor } from '../guards/pii/index';
import { piiOnce } from '../guards/scanners';
import type { Unnumbered } from './running-turn';
import type { ConversationStore } from './store';
import type { Transcript } from './transcript';

/** Calls kept waiting at most: a model asking again and again cannot grow storage. */
const MAX_PENDING = 5;
const KEY = 'pending-calls';

export interface ConfirmationPorts {
  store: ConversationStore;
  transcript: Transcript;
  emit: (frame: Unnumbered) => void;
  /** The Worker's env: the action secrets and `PARLEY_ENV`. */
  env: object;
  ids: () => { siteKey: string; conversationId: string };
  /** The site's published config (the one visitors are answered from). */
  site: (siteKey: string) => Promise<SiteConfig>;
  /** The conversation's recorded owner: who the action acts for. */
  owner: () => string | null;
  /** Whether a reply is being written (one at a time). */
  busy: () => boolean;
  onCall: (call: ActionCallRecord) => void;
  waitUntil: (p: Promise<unknown>) => void;
  now: () => number;
  fetch?: typeof fetch;
}

export class Confirmations implements PendingCalls {
  /** An approved or declined call's reply is being written. */
  private replying = false;

  constructor(private readonly ports: ConfirmationPorts) {}

  /** The calls waiting, oldest first. */
  pending(): PendingCall[] {
    return JSON.parse(this.ports.store.get(KEY) ?? '[]') as PendingCall[];
  }

  save(call: PendingCall): void {
    const now = this.ports.now();
    const keep = this.pending().filter((c) => c.expiresAt > now);
    keep.push(call);
    this.ports.store.set(KEY, JSON.stringify(keep.slice(-MAX_PENDING)));
  }

  /** Take a waiting call (it can be answered once); throws `not_found` or, when it lapsed, `conflict`. */
  private take(callId: string): PendingCall {
    const all = this.pending();
    const call = all.find((c) => c.callId === callId);
    if (!call) throw new ParleyError('not_found', 'No action is waiting for that confirmation.');
    this.ports.store.set(KEY, JSON.stringify(all.filter((c) => c !== call)));
    if (call.expiresAt <= this.ports.now()) throw new ParleyError('conflict', 'That confirmation has lapsed; the action was not run.');
    return call;
  }

  /**
   * Answer a waiting call: the reply's message id once its turn is recorded (its frames follow, emitted as
   * they come). Throws a typed error when the call is unknown or lapsed, or another reply is being written.
   */
  answer(callId: string, approve: boolean, locale?: string): string {
    if (this.replying || this.ports.busy())
      throw new ParleyError('conflict', 'A reply is being written; answer again when it is done.', { retryable: true });
    const call = this.take(callId);
    const replyId = `confirm-${call.callId}`;
    this.ports.store.startTurn(replyId, 'running');
    this.replying = true;
    this.ports.waitUntil(this.reply(replyId, call, approve, locale));
    return replyId;
  }

  private async reply(id: string, call: PendingCall, approve: boolean, locale: string | undefined): Promise<void> {
    const { emit, ids } = this.ports;
    let text = actionText(locale, 'failed');
    let site: SiteConfig | null = null;
    emit({
      type: 'meta',
      messageId: id,
      intent: null,
      confidence: null,
      tier: 'default',
      provider: 'action',
      model: call.action,
      cached: false,
      handoff: false,
    });
    try {
      site = await this.ports.site(ids().siteKey);
      const lang = locale ?? site.locale;
      // The action as configured now, and only if this visitor may still be offered it.
      const identity = identityOf(this.ports.owner() ?? undefined);
      const action = offeredActions(site, identity).get(call.action);
      if (!approve) text = actionText(lang, 'declined');
      else if (action) {
        emit({ type: 'status', messageId: id, text: statusText(action, lang), action: action.name });
        const result = await callAction(action, call.args, identity, {
          env: this.ports.env,
          now: this.ports.now,
          ...(this.ports.fetch ? { fetch: this.ports.fetch } : {}),
        });
        this.ports.onCall({
          siteKey: site.key,
          conversationId: ids().conversationId,
          action: action.name,
          status: result.status,
          latencyMs: result.latencyMs,
          error: result.error?.code ?? null,
        });
        text = result.ok ? replyFromResult(result, lang) : actionText(lang, 'failed');
      } else text = actionText(lang, 'failed');
    } catch (err) {
      console.error(JSON.stringify({ level: 'error', where: 'confirmations.reply', name: (err as Error)?.name }));
    } finally {
      emit({ type: 'delta', messageId: id, text });
      emit({
        type: 'done',
        messageId: id,
        finish: 'stop',
        usage: { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, costUsd: 0, estimated: false },
      });
      const pii = piiOnce(undefined, regionsFor([site?.locale ?? 'en', locale]));
      const { transcript } = this.ports;
      transcript.add({ role: 'assistant', id, text: transcript.maskReply(text, transcript.vault, pii), at: this.ports.now() });
      this.ports.store.setTurnStatus(id, 'done');
      this.replying = false;
    }
  }
}
