/**
 * One conversation = one Durable Object (DESIGN decision 2). It composes the parts of a conversation:
 * the store (SQLite frames and transcript), fan-out to sockets and SSE streams, admission, the masked
 * transcript, the bot's running turn, handoff, feedback and privacy. The Worker calls it through the
 * typed RPC methods below; `fetch` only upgrades WebSockets (protocol in ws-session.ts). Settings and
 * secrets come from the object's own env.
 */
import { DurableObject } from 'cloudflare:workers';
import type { ConversationView, InboxEvent, InboxNote } from '../../shared/inbox';
import { type HistoryItem, PING_TEXT, PONG_TEXT, type ServerFrame } from '../../shared/protocol';
import { turnAuditId } from '../audit/turn-id';
import type { WorkerEnv } from '../env';
import { ParleyError } from '../errors';
import { notifyInbox } from '../inbox';
import { recordVisitorContext } from '../inbox/context';
import { conversationView, revealMessage } from '../inbox/view';
import { clock } from '../outcomes/clock';
import { offlineMessages } from '../outcomes/offline-store';
import type { Alarms } from './alarms';
import type { CloseReason } from './closing';
import type { CallContext } from './config';
import { assertOwner, conversationTokenFor, type Owner } from './conversation-token';
import { conversationEvents, recordVisitorTyping } from './events';
import type { Rating } from './feedback';
import { errorResponse } from './frames';
import type { ClaimResult, DeskAgent, DeskEvent, HandoffDesk } from './handoff-desk';
import { asRefusal, type OutcomeParts, type Refusal } from './outcomes';
import { type ConversationParts, conversationParts, eraseConversation } from './parts';
import type { Reception } from './reception';
import type { ConversationDump } from './retention';
import type { Unnumbered } from './running-turn';
import type { ConversationHost, VisitorMessage } from './session-types';
import { type SseChat, sseChat } from './sse-chat';
import type { ConversationStore } from './store';
import { acceptUpgrade, onSocketClose, onSocketMessage } from './ws-session';

export type { SseChat } from './sse-chat';

/** What an admin call names: the conversation only (agents act on it, they do not own it). */
export type AdminCall = Pick<CallContext, 'siteKey' | 'conversationId'>;
/** What `POST /v1/csat` and `POST /v1/offline` hand the object. */
export type VisitorOutcome = { csat: number; comment?: string } | { email: string; text: string } | { typing: boolean };

export class Conversation extends DurableObject<WorkerEnv> implements ConversationHost {
  readonly store: ConversationStore;
  readonly handoff: HandoffDesk;
  readonly reception: Reception;
  readonly alarms: Alarms;
  /** Closing and the survey, offline messages, the wait limit and the helpdesk relay. */
  readonly outcomes: OutcomeParts;
  /** The rest: fan-out, ratings, the masked transcript, retention, agents' notes (see parts.ts). */
  private readonly parts: ConversationParts;

  constructor(ctx: DurableObjectState, env: WorkerEnv) {
    super(ctx, env);
    const parts = conversationParts(ctx, env, {
      emit: (f) => this.emit(f),
      ids: () => this.ids,
      notify: (ev) => this.notify(ev),
      deleteAll: () => eraseConversation(ctx, this.parts),
      owner: () => this.owner,
    });
    this.parts = parts;
    ({ store: this.store, alarms: this.alarms, outcomes: this.outcomes, handoff: this.handoff, reception: this.reception } = parts);
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
    return this.parts.transcript.forOwner(this.store.history(limit));
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
    return acceptUpgrade(this.ctx, request, this.owner, (call) => this.label(call));
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
    if (due.has('retention')) {
      this.parts.notes.purgeBefore(clock.now() - (await this.parts.retention.window()));
      await this.parts.retention.run();
    }
  }

  /** Tell the agents' inbox about this conversation (fire-and-forget). */
  private notify(ev: DeskEvent): void {
    notifyInbox(this.env, (p) => this.ctx.waitUntil(p), { ...ev, ...this.ids } as InboxEvent);
  }

  /** The visitor is (or stopped) typing: recorded at most once a second, and told to a person who has the chat. */
  visitorTyping(active: boolean): void {
    if (recordVisitorTyping(this.store, active, clock.now()) && this.handoffActive) this.notify({ type: 'typing', who: 'visitor', active });
  }

  noteVisitor(seen: Parameters<ConversationHost['noteVisitor']>[0]): void {
    recordVisitorContext(this.store, seen);
  }

  async submit(m: VisitorMessage): Promise<boolean> {
    const accepted = await this.reception.submit(m);
    if (accepted) this.ctx.waitUntil(this.privacyTouch(m.visitorId));
    return accepted;
  }

  private privacyTouch(visitorId?: string): Promise<void> {
    return this.parts.retention.touch(visitorId).catch((e: unknown) => {
      console.error(JSON.stringify({ level: 'error', event: 'retention_touch_failed', name: e instanceof Error ? e.name : 'unknown' }));
    });
  }

  stop(messageId: string): void {
    this.reception.stop(messageId);
  }

  feedback(messageId: string, rating: Rating): boolean {
    const { siteKey, conversationId } = this.ids;
    const known = this.parts.ratings.rate(messageId, rating, turnAuditId(siteKey, conversationId, messageId));
    if (known) this.outcomes.rated(this.parts.ratings.ratings);
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
  async visitorOutcome(call: CallContext, act: VisitorOutcome): Promise<Refusal | null> {
    return asRefusal(async () => {
      if (call.fresh || this.owner !== call.owner) throw new ParleyError('not_found', 'No such conversation.');
      if ('csat' in act) await this.csat(act.csat, act.comment);
      else if ('typing' in act) this.visitorTyping(act.typing);
      else await this.leaveOffline(act.email, act.text);
    });
  }

  /** RPC (admin): close the conversation (an agent's close, or idleness); false when it was closed already. */
  async close(call: AdminCall, reason: CloseReason = 'agent'): Promise<boolean> {
    this.label(call);
    const done = await this.outcomes.closing.close(reason);
    if (done) await this.handoff.closed();
    return done;
  }

  /** Number, store and deliver a frame to every ready socket and to the SSE streams following its message. */
  private emit(ev: Unnumbered): void {
    // Progress lines are live only: sent to whoever follows the turn now, never numbered or stored.
    if (ev.type === 'status') {
      this.parts.fanOut.deliver(ev, JSON.stringify(ev));
      return;
    }
    const { frame, json } = this.store.append<ServerFrame>(ev as Omit<ServerFrame, 'seq'>);
    this.parts.fanOut.deliver(frame, json);
  }

  /** RPC `POST /v1/chat`: the SSE frames of one message's turn (replayed after `lastEventId`, then live). */
  async chat(call: CallContext, req: SseChat): Promise<Response> {
    try {
      this.bind(call);
      assertOwner(call.owner, call.verifiedSub);
    } catch (err) {
      return errorResponse(err);
    }
    const identity = call.verifiedSub !== undefined ? { identity: { sub: call.verifiedSub, verified: true as const } } : {};
    recordVisitorContext(this.store, {
      ...(req.locale ? { locale: req.locale } : {}),
      ...(req.page ? { page: req.page } : {}),
      ...identity,
    });
    return sseChat({ store: this.store, reception: this.reception, fanOut: this.parts.fanOut }, call.owner, req);
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
    return conversationEvents({ store: this.store, fanOut: this.parts.fanOut }, lastEventId);
  }

  /** The visitor's answer to a `confirm` frame (WebSocket); the reply streams as its own message. */
  confirm(callId: string, approve: boolean, locale?: string): string {
    return this.parts.confirmations.answer(callId, approve, locale);
  }

  /** RPC `POST /v1/confirm`: the answer, and the reply's frames as SSE (a typed JSON error when refused). */
  confirmCall(call: CallContext, callId: string, approve: boolean): Response {
    try {
      if (call.fresh || this.owner !== call.owner) throw new ParleyError('not_found', 'No such conversation.');
      assertOwner(call.owner, call.verifiedSub);
      const replyId = this.parts.confirmations.answer(callId, approve);
      return new Response(this.parts.fanOut.sseStream(replyId, this.store.framesAfter(0, replyId), true), {
        headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
      });
    } catch (err) {
      return errorResponse(err);
    }
  }

  /** RPC (admin): an agent started or stopped typing; sent live to the visitor, never stored. */
  agentTyping(call: AdminCall, active: boolean, name?: string): void {
    this.label(call);
    const frame = { type: 'typing', who: 'agent', active, ...(name ? { name } : {}) } as const;
    this.parts.fanOut.deliverLive(JSON.stringify(frame));
    this.notify(frame);
  }

  /** RPC (admin): an agent claims the conversation (into handoff if it was not); refused while another holds it. */
  async deskClaim(call: AdminCall, agent: DeskAgent, force: boolean): Promise<ClaimResult> {
    this.label(call);
    const claimed = this.handoff.claim(agent, force);
    if (claimed.ok) await this.outcomes.waitLimit.cancel(); // a person has it: the visitor is not told the desk is busy
    return claimed;
  }

  /** RPC (admin): the agent puts the conversation back on the waiting list; false when another agent holds it. */
  deskRelease(call: AdminCall, agent: DeskAgent, force: boolean): boolean {
    this.label(call);
    return this.handoff.release(agent, force);
  }

  /** RPC (admin): an internal note; null when the conversation holds the most notes it may. */
  addNote(call: AdminCall, agent: DeskAgent, text: string): InboxNote | null {
    this.label(call);
    const note = this.parts.notes.add(agent.label, agent.id, text);
    if (note) this.notify({ type: 'note', note });
    return note;
  }

  /** RPC (admin): the console's view: transcript with authors, notes, context, summary, desk state. */
  view(call: AdminCall): Omit<ConversationView, 'canReveal'> {
    this.label(call);
    return conversationView({
      ids: this.ids,
      store: this.store,
      desk: this.handoff,
      notes: this.parts.notes,
      feedback: this.parts.ratings.ratings,
    });
  }

  /** RPC (admin): a visitor message with the values the visitor typed in place of its placeholders; null when none. */
  reveal(call: AdminCall, messageId: string): string | null {
    this.label(call);
    return revealMessage(this.store.history(100_000), this.parts.transcript.vault, messageId);
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
      feedback: this.parts.ratings.ratings,
      visitorTyping,
    };
  }

  /** RPC (retention, the cron's backstop): purge what is older than `cutoff`; returns how many messages went. */
  purgeBefore(cutoff: number): Promise<number> {
    this.parts.notes.purgeBefore(cutoff);
    return this.parts.retention.purgeBefore(cutoff);
  }

  /** RPC (data export): the whole transcript. */
  transcript(): HistoryItem[] {
    return this.store.history(100_000);
  }

  /** RPC (data export): every row of every table of the object, and its offline messages (with the email given). */
  async exportData(): Promise<ConversationDump> {
    const { siteKey, conversationId } = this.ids;
    const offline = await offlineMessages(this.env.DB).ofConversation(siteKey, conversationId);
    const dump = this.parts.retention.dump();
    return offline.length === 0 ? dump : { ...dump, offline_messages: offline.map((m) => ({ ...m })) };
  }

  /** RPC (erasure): delete the object's whole storage; returns how many messages there were. */
  erase(): Promise<number> {
    return this.parts.retention.erase();
  }
}
