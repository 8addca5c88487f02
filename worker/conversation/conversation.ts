/**
 * One conversation = one Durable Object (DESIGN decision 2). It composes the parts of a conversation:
 * the store (SQLite frames and transcript), fan-out to sockets and SSE streams, admission, the masked
 * transcript, the bot's running turn, handoff, feedback and privacy. The Worker calls it through the
 * typed RPC methods below; `fetch` only upgrades WebSockets (protocol in ws-session.ts). Settings and
 * secrets come from the object's own env.
 */
import { DurableObject } from 'cloudflare:workers';
import type { SiteConfig } from '../../shared/config';
import { type HistoryItem, PING_TEXT, PONG_TEXT, type ServerFrame } from '../../shared/protocol';
import type { WorkerEnv } from '../env';
import { piiOnce } from '../guards/scanners';
import { turnPortsFor } from '../pipeline/turn/ports';
import { Admission } from './admission';
import { CALL_CONTEXT_HEADER, type CallContext } from './config';
import { FanOut } from './fan-out';
import { Feedback, type Rating } from './feedback';
import { errorResponse } from './frames';
import { asksForPerson } from './handoff';
import { HandoffDesk } from './handoff-desk';
import { RunningTurn, type Unnumbered } from './running-turn';
import type { Attachment, ConversationHost, VisitorMessage } from './session-types';
import { ConversationStore } from './store';
import { Transcript } from './transcript';
import { onSocketClose, onSocketMessage } from './ws-session';

/** A chat message over SSE: the message, where a reconnecting client resumes, and its cache choice. */
export interface SseChat {
  message: { id: string; text: string };
  lastEventId?: number;
  cache?: 'default' | 'bypass';
}

export class Conversation extends DurableObject<WorkerEnv> implements ConversationHost {
  readonly store: ConversationStore;
  readonly handoff: HandoffDesk;
  running: RunningTurn | null = null;
  private readonly fanOut: FanOut;
  private readonly admission: Admission;
  private readonly messages: Transcript;
  private readonly ratings: Feedback;

  constructor(ctx: DurableObjectState, env: WorkerEnv) {
    super(ctx, env);
    this.store = new ConversationStore(ctx.storage.sql);
    this.fanOut = new FanOut(() => ctx.getWebSockets());
    this.admission = new Admission(this.store, env);
    this.messages = new Transcript(this.store);
    this.ratings = new Feedback(this.store, env.DB, (p) => ctx.waitUntil(p));
    this.handoff = new HandoffDesk({
      store: this.store,
      env,
      emit: (f) => this.emit(f),
      ids: () => this.ids,
      waitUntil: (p) => ctx.waitUntil(p),
      alarm: { get: () => ctx.storage.getAlarm(), set: (at) => ctx.storage.setAlarm(at), delete: () => ctx.storage.deleteAlarm() },
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
    return this.running?.messageId ?? null;
  }

  get visitorTokenSecret(): string | undefined {
    return this.env.VISITOR_TOKEN_SECRET;
  }

  get ids(): { siteKey: string; conversationId: string } {
    return { siteKey: this.store.get('site') ?? '', conversationId: this.store.get('conv') ?? '' };
  }

  private adopt(call: CallContext): void {
    if (this.store.get('site') === null) {
      this.store.set('site', call.siteKey);
      this.store.set('conv', call.conversationId);
    }
  }

  /** The WebSocket upgrade (the only call that is not RPC: a socket cannot cross an RPC boundary). */
  override async fetch(request: Request): Promise<Response> {
    const call = JSON.parse(request.headers.get(CALL_CONTEXT_HEADER) ?? 'null') as CallContext | null;
    if (!call || request.headers.get('upgrade') !== 'websocket') return new Response('internal only', { status: 400 });
    this.adopt(call);
    const pair = new WebSocketPair();
    const att: Attachment = { visitorId: call.visitorId, verified: call.verified, siteKey: call.siteKey, ready: false, since: 0 };
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

  /** Wakes the object for the handoff webhooks' retries (see WebhookOutbox). */
  override async alarm(): Promise<void> {
    await this.handoff.outbox.drain();
  }

  async submit(m: VisitorMessage): Promise<boolean> {
    const site = await this.admission.siteFor(this.ids.siteKey);
    if (this.store.turn(m.id)) return false;
    this.admission.admit(this.running !== null, m.visitorId, m.text, site);
    this.accept(site, m);
    return true;
  }

  /** Record an admitted message (masked), then run the bot or queue it for the human. Synchronous. */
  private accept(site: SiteConfig, m: VisitorMessage): void {
    const at = Date.now();
    // One PII scan of the raw message serves this door guard and the pipeline's guard under the site's policy.
    const pii = piiOnce();
    const text = this.messages.mask(m.text, pii);
    if (this.handoffActive || asksForPerson(m.text)) {
      this.store.startTurn(m.id, 'handoff');
      this.messages.add({ role: 'visitor', id: m.id, text, at });
      if (!this.handoffActive) this.handoff.start('visitor_request', m.id);
      return;
    }
    const context = this.messages.context();
    this.store.startTurn(m.id, 'running');
    this.messages.add({ role: 'visitor', id: m.id, text, at });
    const running = new RunningTurn(m.id, m.cacheMode);
    this.running = running;
    const { conversationId } = this.ids;
    const requestId = `${site.key}:${conversationId}:${m.id}`;
    const turn = running.run(site, conversationId, m.text, context, pii, {
      transcript: this.messages,
      emit: (f) => this.emit(f),
      turnPorts: (opts) => turnPortsFor(this.env, this.ctx, { ...opts, audit: { site, requestId, visitorId: m.visitorId } }),
      settled: (id) => {
        this.store.setTurnStatus(id, 'done');
        this.running = null;
      },
      // An agent may have joined while the turn ran: that handoff is already announced, not a second one.
      handoff: (id) => {
        if (!this.handoffActive) this.handoff.start('intent', id);
      },
    });
    this.ctx.waitUntil(turn);
  }

  stop(messageId: string): void {
    if (this.running?.messageId === messageId) this.running.stop();
  }

  feedback(messageId: string, rating: Rating): boolean {
    const { siteKey, conversationId } = this.ids;
    return this.ratings.rate(messageId, rating, `${siteKey}:${conversationId}:${messageId}`);
  }

  /** Number, store and deliver a frame to every ready socket and to the SSE streams following its message. */
  private emit(ev: Unnumbered): void {
    const { frame, json } = this.store.append<ServerFrame>(ev as Omit<ServerFrame, 'seq'>);
    this.fanOut.deliver(frame, json);
  }

  /** RPC `POST /v1/chat`: the SSE frames of one message's turn (replayed after `lastEventId`, then live). */
  async chat(call: CallContext, req: SseChat): Promise<Response> {
    this.adopt(call);
    const { message } = req;
    let turn = this.store.turn(message.id);
    const headers: Record<string, string> = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' };
    if (!turn) {
      try {
        // The published config from D1, so edits made in the console reach the conversation.
        const fresh = await this.submit({
          visitorId: call.visitorId,
          id: message.id,
          text: message.text,
          cacheMode: req.cache ?? 'default',
        });
        if (!fresh) return this.chat(call, req); // accepted meanwhile: follow that turn
      } catch (err) {
        return errorResponse(err);
      }
      // The cache decides before the turn's first frame, so HTTP can say hit / miss / bypass in its headers.
      if (this.running?.messageId === message.id) headers['x-parley-cache'] = await this.running.cacheDecision;
      turn = this.store.turn(message.id);
    }
    const after = req.lastEventId ?? (turn ? turn.first_seq - 1 : this.store.lastSeq);
    const body = this.fanOut.sseStream(message.id, this.store.framesAfter(after, message.id), turn?.status === 'running');
    return new Response(body, { headers });
  }

  /** RPC `POST /v1/feedback` (the SSE transport's way to rate a reply). */
  rate(call: CallContext, messageId: string, rating: Rating): boolean {
    this.adopt(call);
    return this.feedback(messageId, rating);
  }

  /** RPC (admin): a human agent's reply; takes the conversation into handoff if it was not. */
  agentReply(call: CallContext, text: string, name?: string): { id: string; seq: number } {
    this.adopt(call);
    if (!this.handoffActive) this.handoff.start('agent');
    const id = `agent-${crypto.randomUUID()}`;
    this.messages.add({ role: 'agent', id, text, at: Date.now() });
    this.emit(name ? { type: 'agent', id, text, name } : { type: 'agent', id, text });
    return { id, seq: this.store.lastSeq };
  }

  /** RPC (admin): give the conversation back to the bot. */
  async handBack(call: CallContext): Promise<{ handoff: boolean }> {
    this.adopt(call);
    await this.handoff.handBack();
    return { handoff: false };
  }

  /** RPC (admin): the transcript, state and the visitor's ratings by message id, for the console. */
  summary(call: CallContext): { handoff: boolean; lastSeq: number; history: HistoryItem[]; feedback: Record<string, Rating> } {
    this.adopt(call);
    return { handoff: this.handoffActive, lastSeq: this.store.lastSeq, history: this.store.history(200), feedback: this.ratings.ratings };
  }

  /** RPC (retention): delete transcript messages older than `cutoff` and their frames; returns how many. */
  purgeBefore(cutoff: number): number {
    return this.store.purgeBefore(cutoff);
  }

  /** RPC (data export): the whole transcript. */
  transcript(): HistoryItem[] {
    return this.store.history(100_000);
  }

  /** RPC (erasure): delete every message, frame and send record; returns how many messages there were. */
  erase(): number {
    const n = this.store.messageCount();
    this.store.eraseAll();
    return n;
  }
}
