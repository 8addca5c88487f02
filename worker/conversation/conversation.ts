/**
 * One conversation = one Durable Object (DESIGN decision 2). It composes the parts of a conversation:
 * the store (SQLite frames and transcript), fan-out to sockets and SSE streams, admission, the masked
 * transcript, the bot's running turn, handoff, feedback and privacy. The Worker calls it through the
 * typed RPC methods below; `fetch` only upgrades WebSockets (protocol in ws-session.ts). Settings and
 * secrets come from the object's own env.
 */
import { DurableObject } from 'cloudflare:workers';
import { type HistoryItem, PING_TEXT, PONG_TEXT, type ServerFrame } from '../../shared/protocol';
import { actionAuditor } from '../actions/audit';
import { turnAuditId } from '../audit/turn-id';
import type { WorkerEnv } from '../env';
import { ParleyError } from '../errors';
import { clock, realTime } from '../outcomes/clock';
import { offlineMessages } from '../outcomes/offline-store';
import { Admission } from './admission';
import { Alarms } from './alarms';
import type { CloseReason } from './closing';
import { CALL_CONTEXT_HEADER, type CallContext } from './config';
import { Confirmations } from './confirmations';
import { assertOwner, conversationTokenFor, type Owner } from './conversation-token';
import { conversationEvents } from './events';
import { FanOut } from './fan-out';
import { Feedback, type Rating } from './feedback';
import { errorResponse } from './frames';
import { HandoffDesk } from './handoff-desk';
import { asRefusal, type OutcomeParts, outcomeParts, type Refusal } from './outcomes';
import { Reception } from './reception';
import { type ConversationDump, Retention } from './retention';
import type { Unnumbered } from './running-turn';
import type { Attachment, ConversationHost, VisitorMessage } from './session-types';
import { type SseChat, sseChat } from './sse-chat';
import { ConversationStore } from './store';
import { Transcript } from './transcript';
import { onSocketClose, onSocketMessage } from './ws-session';

export type { SseChat } from './sse-chat';

/** What an admin call names: the conversation only (agents act on it, they do not own it). */
export type AdminCall = Pick<CallContext, 'siteKey' | 'conversationId'>;

export class Conversation extends DurableObject<WorkerEnv> implements ConversationHost {
  readonly store: ConversationStore;
  readonly handoff: HandoffDesk;
  readonly reception: Reception;
  private readonly fanOut: FanOut;
  private readonly ratings: Feedback;
  /** The deadlines sharing the object's one alarm (webhook retries, retention). */
  readonly alarms: Alarms;
  private readonly retention: Retention;
  private readonly transcriptView: Transcript;
  /** Closing and the survey, offline messages, the wait limit and the helpdesk relay. */
  readonly outcomes: OutcomeParts;
  private readonly confirmations: Confirmations;

  constructor(ctx: DurableObjectState, env: WorkerEnv) {
    super(ctx, env);
    this.store = new ConversationStore(ctx.storage.sql);
    this.fanOut = new FanOut(() => ctx.getWebSockets());
    this.ratings = new Feedback(this.store, env.DB, (p) => ctx.waitUntil(p));
    this.transcriptView = new Transcript(this.store);
    this.alarms = new Alarms({
      store: this.store,
      alarm: { set: (at) => ctx.storage.setAlarm(realTime(at)), delete: () => ctx.storage.deleteAlarm() },
    });
    this.outcomes = outcomeParts({
      store: this.store,
      db: env.DB,
      alarms: this.alarms,
      transcript: this.transcriptView,
      emit: (f) => this.emit(f),
      ids: () => this.ids,
      waitUntil: (p) => ctx.waitUntil(p),
      handoff: () => this.handoff,
    });
    this.handoff = new HandoffDesk({
      store: this.store,
      env,
      emit: (f) => this.emit(f),
      ids: () => this.ids,
      waitUntil: (p) => ctx.waitUntil(p),
      alarm: this.alarms.slot('webhooks'),
      ...this.outcomes.handoffHooks,
    });
    this.retention = new Retention({
      store: this.store,
      db: env.DB,
      salt: env.AUDIT_SALT,
      ids: () => this.ids,
      alarm: this.alarms.slot('retention'),
      busy: () => this.reception.running !== null || this.handoff.outbox.pending().length > 0,
      deleteAll: () => this.deleteAll(),
      now: clock.now,
    });
    const admission = new Admission(this.store, env);
    this.confirmations = new Confirmations({
      store: this.store,
      transcript: this.transcriptView,
      emit: (f) => this.emit(f),
      env,
      ids: () => this.ids,
      site: (key) => admission.siteFor(key),
      owner: () => this.owner,
      busy: () => this.reception.running !== null,
      onCall: actionAuditor(env.DB, (p) => ctx.waitUntil(p)),
      waitUntil: (p) => ctx.waitUntil(p),
      now: () => Date.now(),
    });
    this.reception = new Reception({
      env,
      store: this.store,
      admission,
      transcript: this.transcriptView,
      handoff: this.handoff,
      emit: (f) => this.emit(f),
      ids: () => this.ids,
      waitUntil: (p) => ctx.waitUntil(p),
      outcome: this.outcomes.reception,
      pending: this.confirmations,
    });
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING_TEXT, PONG_TEXT));
    // A turn still marked running belongs to an instance that was evicted mid-stream: end it explicitly.
    const interrupted = this.store.runningTurns();
    if (interrupted.length > 0) this.store.recoverAfterEviction();
    for (const t of interrupted) {
      this.emit({ type: 'error', messageId: t.message_id, code: 'internal', message: 'The reply was interrupted.', retryable: true });
      this.store.setTurnStatus(t.message_id, 'done');
    }
  }

  get handoffActive(): boolean {
    return this.handoff.active;
  }

  get runningMessageId(): string | null {
    return this.reception.running?.messageId ?? null;
  }

  get visitorTokenSecret(): string | undefined {
    return this.env.VISITOR_TOKEN_SECRET;
  }

  get ids(): { siteKey: string; conversationId: string } {
    return { siteKey: this.store.get('site') ?? '', conversationId: this.store.get('conv') ?? '' };
  }

  get owner(): Owner | null {
    return (this.store.get('owner') as Owner | null) ?? null;
  }

  async claim(owner: Owner): Promise<string> {
    const { siteKey, conversationId } = this.ids;
    const token = await conversationTokenFor(this.env, siteKey, conversationId, owner);
    this.store.set('owner', owner);
    return token;
  }

  ownerHistory(limit: number): HistoryItem[] {
    return this.transcriptView.forOwner(this.store.history(limit));
  }

  /** Name the conversation on its first (admin) call; the Worker checked the site and, for visitors, the token. */
  private label(call: AdminCall): void {
    if (this.store.get('site') === null) {
      this.store.set('site', call.siteKey);
      this.store.set('conv', call.conversationId);
    }
  }

  /**
   * A visitor's call: the Worker minted this conversation for it (`fresh`) or checked its token. The recorded
   * owner must be the caller, and a verified user's conversation admits only that `sub`.
   */
  private bind(call: CallContext): void {
    const owner = this.owner;
    if (owner === null && !call.fresh) throw new ParleyError('not_found', 'No such conversation.');
    if (owner !== null && owner !== call.owner) throw new ParleyError('unauthorized', 'This conversation belongs to another visitor.');
    this.label(call);
    if (owner === null) this.store.set('owner', call.owner);
  }

  /** The WebSocket upgrade (the only call that is not RPC: a socket cannot cross an RPC boundary). */
  override async fetch(request: Request): Promise<Response> {
    const call = JSON.parse(request.headers.get(CALL_CONTEXT_HEADER) ?? 'null') as CallContext | null;
    if (!call || request.headers.get('upgrade') !== 'websocket') return new Response('internal only', { status: 400 });
    const owner = this.owner;
    if (!call.fresh && (owner === null || owner !== call.owner)) return new Response('not your conversation', { status: 401 });
    this.label(call);
    const pair = new WebSocketPair();
    const att: Attachment = {
      siteKey: call.siteKey,
      owner: call.fresh ? null : call.owner,
      token: call.fresh ? null : call.conversationToken,
      ...(call.verifiedSub !== undefined ? { verifiedSub: call.verifiedSub } : {}),
      ready: false,
      since: 0,
    };
    this.ctx.acceptWebSocket(pair[1]);
    pair[1].serializeAttachment(att);
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  override webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    return onSocketMessage(this, ws, message);
  }

  override webSocketClose(ws: WebSocket, code: number): void {
    onSocketClose(ws, code);
  }

  /** Wakes the object for webhook retries (WebhookOutbox), retention, the wait limit (relay.ts) and idle closing. */
  override async alarm(): Promise<void> {
    const due = await this.alarms.fire(clock.now());
    if (due.has('wait')) await this.outcomes.waitLimit.fire(this.handoffActive);
    if (due.has('idle')) await this.outcomes.closing.idleDue(this.reception.running !== null);
    if (due.has('webhooks')) await this.handoff.outbox.drain();
    if (due.has('retention')) await this.retention.run();
  }

  async submit(m: VisitorMessage): Promise<boolean> {
    const accepted = await this.reception.submit(m);
    if (accepted) this.ctx.waitUntil(this.privacyTouch(m.visitorId));
    return accepted;
  }

  private privacyTouch(visitorId?: string): Promise<void> {
    return this.retention.touch(visitorId).catch((e: unknown) => {
      console.error(JSON.stringify({ level: 'error', event: 'retention_touch_failed', name: e instanceof Error ? e.name : 'unknown' }));
    });
  }

  /** Close the sockets, stop the running turn and delete the whole storage (erasure, or retention with nothing left). */
  private async deleteAll(): Promise<void> {
    const running = this.runningMessageId;
    if (running) this.reception.stop(running);
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.close(1000, 'conversation deleted');
      } catch {
        /* already closed */
      }
    }
    this.alarms.clear();
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
  }

  stop(messageId: string): void {
    this.reception.stop(messageId);
  }

  feedback(messageId: string, rating: Rating): boolean {
    const { siteKey, conversationId } = this.ids;
    const known = this.ratings.rate(messageId, rating, turnAuditId(siteKey, conversationId, messageId));
    if (known) this.outcomes.rated(this.ratings.ratings);
    return known;
  }

  /** The visitor's rating of the closed conversation (a `csat` frame); throws `conflict` for a second one. */
  csat(score: number, comment?: string): Promise<void> {
    return this.outcomes.closing.rate(score, comment);
  }

  /** A message left for the team (an `offline` frame); acknowledged with `offline_received`. */
  async leaveOffline(email: string, text: string): Promise<void> {
    await this.outcomes.offline.leave(email, text);
    this.ctx.waitUntil(this.privacyTouch());
  }

  /** RPC `POST /v1/csat` and `POST /v1/offline`: a visitor's survey answer or offline message, refusals as data. */
  async visitorOutcome(
    call: CallContext,
    act: { csat: number; comment?: string } | { email: string; text: string },
  ): Promise<Refusal | null> {
    return asRefusal(async () => {
      if (call.fresh || this.owner !== call.owner) throw new ParleyError('not_found', 'No such conversation.');
      if ('csat' in act) await this.csat(act.csat, act.comment);
      else await this.leaveOffline(act.email, act.text);
    });
  }

  /** RPC (admin): close the conversation (an agent's close, or idleness); false when it was closed already. */
  close(call: AdminCall, reason: CloseReason = 'agent'): Promise<boolean> {
    this.label(call);
    return this.outcomes.closing.close(reason);
  }

  /** Number, store and deliver a frame to every ready socket and to the SSE streams following its message. */
  private emit(ev: Unnumbered): void {
    // Progress lines are live only: sent to whoever follows the turn now, never numbered or stored.
    if (ev.type === 'status') {
      this.fanOut.deliver(ev, JSON.stringify(ev));
      return;
    }
    const { frame, json } = this.store.append<ServerFrame>(ev as Omit<ServerFrame, 'seq'>);
    this.fanOut.deliver(frame, json);
  }

  /** RPC `POST /v1/chat`: the SSE frames of one message's turn (replayed after `lastEventId`, then live). */
  async chat(call: CallContext, req: SseChat): Promise<Response> {
    try {
      this.bind(call);
      assertOwner(call.owner, call.verifiedSub);
    } catch (err) {
      return errorResponse(err);
    }
    return sseChat({ store: this.store, reception: this.reception, fanOut: this.fanOut }, call.owner, req);
  }

  /** RPC `GET /v1/chat/events`: the conversation's agent, handoff and typing frames (replayed after `lastEventId`, then live). */
  events(call: CallContext, lastEventId?: number): Response {
    try {
      if (call.fresh) throw new ParleyError('not_found', 'No such conversation.');
      this.bind(call);
      assertOwner(call.owner, call.verifiedSub);
    } catch (err) {
      return errorResponse(err);
    }
    return conversationEvents({ store: this.store, fanOut: this.fanOut }, lastEventId);
  }

  /** The visitor's answer to a `confirm` frame (WebSocket); the reply streams as its own message. */
  confirm(callId: string, approve: boolean, locale?: string): string {
    return this.confirmations.answer(callId, approve, locale);
  }

  /** RPC `POST /v1/confirm`: the answer, and the reply's frames as SSE (a typed JSON error when refused). */
  confirmCall(call: CallContext, callId: string, approve: boolean): Response {
    try {
      if (call.fresh || this.owner !== call.owner) throw new ParleyError('not_found', 'No such conversation.');
      assertOwner(call.owner, call.verifiedSub);
      const replyId = this.confirmations.answer(callId, approve);
      return new Response(this.fanOut.sseStream(replyId, this.store.framesAfter(0, replyId), true), {
        headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
      });
    } catch (err) {
      return errorResponse(err);
    }
  }

  /** RPC (admin): an agent started or stopped typing; sent live to the visitor, never stored. */
  agentTyping(call: AdminCall, active: boolean, name?: string): void {
    this.label(call);
    this.fanOut.deliverLive(
      JSON.stringify(name ? { type: 'typing', who: 'agent', name, active } : { type: 'typing', who: 'agent', active }),
    );
  }

  /**
   * RPC `POST /v1/feedback` (the SSE transport's way to rate a reply). A refusal by the rate limit comes back
   * as data: a ParleyError does not keep its code across the RPC boundary.
   */
  rate(call: CallContext, messageId: string, rating: Rating): boolean | { retryAfter: number } {
    // The Worker checked the token; an owner that still differs here is answered as an unknown reply.
    if (call.fresh || this.owner !== call.owner) return false;
    try {
      return this.feedback(messageId, rating);
    } catch (err) {
      if (err instanceof ParleyError && err.code === 'rate_limited') return { retryAfter: err.retryAfter ?? 60 };
      throw err;
    }
  }

  /** RPC (admin): a human agent's reply; takes the conversation into handoff if it was not. */
  agentReply(call: AdminCall, text: string, name?: string): { id: string; seq: number } {
    this.label(call);
    const id = this.handoff.reply(text, name);
    this.ctx.waitUntil(this.privacyTouch());
    return { id, seq: this.store.lastSeq };
  }

  /** RPC (admin): give the conversation back to the bot. */
  async handBack(call: AdminCall): Promise<{ handoff: boolean }> {
    this.label(call);
    await this.handoff.handBack();
    return { handoff: false };
  }

  /** RPC (admin): the masked transcript, state and the visitor's ratings by message id, for the console. */
  summary(call: AdminCall): {
    handoff: boolean;
    lastSeq: number;
    history: HistoryItem[];
    feedback: Record<string, Rating>;
    visitorTyping: { active: boolean; at: number } | null;
  } {
    this.label(call);
    const at = this.store.get('typing_at');
    const visitorTyping = at === null ? null : { active: this.store.get('typing') === '1', at: Number(at) };
    return {
      handoff: this.handoffActive,
      lastSeq: this.store.lastSeq,
      history: this.store.history(200),
      feedback: this.ratings.ratings,
      visitorTyping,
    };
  }

  /** RPC (retention, the cron's backstop): purge what is older than `cutoff`; returns how many messages went. */
  purgeBefore(cutoff: number): Promise<number> {
    return this.retention.purgeBefore(cutoff);
  }

  /** RPC (data export): the whole transcript. */
  transcript(): HistoryItem[] {
    return this.store.history(100_000);
  }

  /** RPC (data export): every row of every table of the object, and its offline messages (with the email given). */
  async exportData(): Promise<ConversationDump> {
    const { siteKey, conversationId } = this.ids;
    const offline = await offlineMessages(this.env.DB).ofConversation(siteKey, conversationId);
    const dump = this.retention.dump();
    return offline.length === 0 ? dump : { ...dump, offline_messages: offline.map((m) => ({ ...m })) };
  }

  /** RPC (erasure): delete the object's whole storage; returns how many messages there were. */
  erase(): Promise<number> {
    return this.retention.erase();
  }
}
