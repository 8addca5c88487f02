/**
 * One conversation = one Durable Object (DESIGN decision 2). It keeps the transcript and every numbered
 * server frame in SQLite, holds the live sockets (hibernation API), runs the turn, and replays by `seq`
 * what a reconnecting client missed. Turns run independently of any client: a drop does not stop them,
 * `stop` does. The WebSocket protocol is in ws-session.ts; SSE and the admin calls are methods here.
 */
import { DurableObject } from 'cloudflare:workers';
import type { z } from 'zod';
import type { SiteConfig } from '../../shared/config';
import { defaultGuardPolicy } from '../../shared/guard-policy';
import { type AgentFrame, type HandoffFrame, PING_TEXT, PONG_TEXT, type ServerFrame, type TurnEvent } from '../../shared/protocol';
import { auditSink } from '../audit/sink';
import { setFeedback } from '../audit/store';
import { turnAuditId } from '../audit/turn-id';
import type { WorkerEnv } from '../env';
import { providerSecrets } from '../env';
import { ParleyError } from '../errors';
import { emptyVault, guardInput, type PiiVault } from '../guards';
import { defaultScanners, piiOnce, type Scanners } from '../guards/scanners';
import type { CacheStatus } from '../pipeline/cache';
import { isolateGateway } from '../pipeline/gateway/runtime';
import { runTurn } from '../pipeline/turn';
import { registryFor } from '../providers/registry';
import type { ChatTurnMessage } from '../providers/types';
import { admitTokens, metered } from '../quota';
import { loadLiveSite } from '../storage/live-site';
import { type CallContext, type ConversationEnv, conversationEnvOf, INTERNAL_HEADER, limitsOf } from './config';
import { errorResponse, sseBlock } from './frames';
import { asksForPerson, deliverHandoff, type HandoffEvent, handoffQueue } from './handoff';
import { ConversationStore } from './store';
import { WebhookOutbox } from './webhook-outbox';
import { type Attachment, onSocketClose, onSocketMessage } from './ws-session';

/** Messages of context given to the model. */
const CONTEXT_MESSAGES = 20;
/** Transcript entries sent in `ready`. */
export const READY_HISTORY = 50;

interface Running {
  messageId: string;
  abort: AbortController;
  stopped: boolean;
  cacheMode: 'default' | 'bypass';
  /** Settles with the reply cache's decision before the turn's first frame (`bypass` when none was made). */
  cacheDecision: Promise<CacheStatus>;
  decide: (s: CacheStatus) => void;
}

/** A frame before the conversation numbers it. */
type Unnumbered = TurnEvent | Omit<z.infer<typeof AgentFrame>, 'seq'> | Omit<z.infer<typeof HandoffFrame>, 'seq'>;
type Writer = WritableStreamDefaultWriter<Uint8Array>;
const enc = new TextEncoder();

export class Conversation extends DurableObject<WorkerEnv> {
  readonly store: ConversationStore;
  /** Handoff webhooks waiting to be delivered (in the store; retried from the object's alarm). */
  readonly outbox: WebhookOutbox<HandoffEvent>;
  running: Running | null = null;
  /** The Worker's view of the settings, from the latest call (see config.ts); null after waking from hibernation. */
  private forwarded: ConversationEnv | null = null;
  private readonly sseSubscribers = new Map<string, Set<Writer>>();

  constructor(ctx: DurableObjectState, env: WorkerEnv) {
    super(ctx, env);
    this.store = new ConversationStore(ctx.storage.sql);
    this.outbox = new WebhookOutbox<HandoffEvent>({
      store: this.store,
      deliver: (ev) => deliverHandoff(this.settings, ev, { fetch: (i, init) => fetch(i, init), now: () => Date.now() }),
      alarm: { get: () => ctx.storage.getAlarm(), set: (at) => ctx.storage.setAlarm(at), delete: () => ctx.storage.deleteAlarm() },
      now: () => Date.now(),
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

  /** Settings and secrets in effect (the object's env, overlaid by what the Worker forwarded). */
  get settings(): WorkerEnv {
    return { ...this.env, ...(this.forwarded ?? {}) } as WorkerEnv;
  }

  get handoffActive(): boolean {
    return this.store.get('handoff') === '1';
  }

  get ids(): { siteKey: string; conversationId: string } {
    return { siteKey: this.store.get('site') ?? '', conversationId: this.store.get('conv') ?? '' };
  }

  private adopt(call: CallContext): void {
    this.forwarded = conversationEnvOf(call.env);
    if (this.store.get('site') === null) {
      this.store.set('site', call.siteKey);
      this.store.set('conv', call.conversationId);
    }
  }

  override async fetch(request: Request): Promise<Response> {
    const call = JSON.parse(request.headers.get(INTERNAL_HEADER) ?? 'null') as CallContext | null;
    if (!call) return new Response('internal only', { status: 400 });
    this.adopt(call);
    const path = new URL(request.url).pathname;
    if (path === '/ws') {
      const pair = new WebSocketPair();
      const att: Attachment = { visitorId: call.visitorId, verified: call.verified, siteKey: call.siteKey, ready: false, since: 0 };
      this.ctx.acceptWebSocket(pair[1]);
      pair[1].serializeAttachment(att);
      return new Response(null, { status: 101, webSocket: pair[0] });
    }
    if (path === '/sse') {
      const body = (await request.json()) as { message: { id: string; text: string }; lastEventId?: number; cache?: 'default' | 'bypass' };
      return this.sse(call, body.message, body.lastEventId, body.cache ?? 'default');
    }
    return new Response('not found', { status: 404 });
  }

  override webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    return onSocketMessage(this, ws, message);
  }

  override webSocketClose(ws: WebSocket, code: number): void {
    onSocketClose(ws, code);
  }

  /**
   * The site's published config (isolate-cached, see live-site.ts) for a new visitor message, once the
   * site's daily token allowance admits another turn; throws a typed error when not.
   */
  async siteForMessage(): Promise<SiteConfig> {
    const site = (await loadLiveSite(this.env.DB, this.ids.siteKey))?.site;
    if (!site) throw new ParleyError('unauthorized', 'Unknown site key.');
    await admitTokens(this.env, site, Date.now());
    return site;
  }

  /**
   * Refuse a new visitor message when a limit applies (throws a typed error): one turn at a time, the
   * conversation's length, the site's message size and its messages per visitor per minute (see
   * limitsOf for the deployment override). Synchronous, so admit and accept cannot interleave with another message.
   */
  admit(visitorId: string, text: string, site: SiteConfig): void {
    if (this.running) {
      throw new ParleyError('conflict', 'A reply is still being written: wait for it or send stop.', { retryable: true, retryAfter: 1 });
    }
    const limits = limitsOf(this.settings, site.limits);
    if (text.length > limits.maxChars) {
      throw new ParleyError('too_large', `Messages are limited to ${limits.maxChars} characters here; please shorten it.`);
    }
    if (this.store.messageCount() >= limits.maxMessages) {
      throw new ParleyError('quota_exceeded', 'This conversation has reached its length limit; please start a new one.');
    }
    const take = this.store.takeSend(visitorId, Date.now(), limits.perMinute);
    if (!take.ok)
      throw new ParleyError('rate_limited', 'Too many messages; please wait a moment.', { retryable: true, retryAfter: take.retryAfter });
  }

  /** The conversation's placeholder → value map (PII the visitor typed); kept only in this object. */
  private get vault(): PiiVault {
    const raw = this.store.get('vault');
    return raw ? (JSON.parse(raw) as PiiVault) : emptyVault();
  }

  /**
   * What the transcript keeps of a visitor message: the text with PII replaced by placeholders, so
   * agents, exports and the model's context never see raw values. The raw text lives only for the turn.
   */
  private maskForTranscript(text: string, pii: Scanners['pii']): string {
    const policy = defaultGuardPolicy();
    const vault = this.vault;
    try {
      const res = guardInput(text, policy, vault, defaultScanners(policy, pii), Date.now);
      this.store.set('vault', JSON.stringify(vault));
      return res.blocked ? '[message withheld by policy]' : res.text;
    } catch {
      return '[message withheld: it could not be scanned]';
    }
  }

  /** Accept an admitted visitor message: record it (masked), then run the bot or queue it for the human. Synchronous. */
  accept(site: SiteConfig, id: string, raw: string, visitorId?: string, cacheMode: 'default' | 'bypass' = 'default'): void {
    const at = Date.now();
    // One PII scan of the raw message serves this door guard and the pipeline's guard under the site's policy.
    const pii = piiOnce();
    const text = this.maskForTranscript(raw, pii);
    if (this.handoffActive || asksForPerson(raw)) {
      this.store.startTurn(id, 'handoff');
      this.store.addMessage({ role: 'visitor', id, text, at });
      if (!this.handoffActive) this.startHandoff('visitor_request', id);
      return;
    }
    const context = this.store.history(CONTEXT_MESSAGES);
    this.store.startTurn(id, 'running');
    this.store.addMessage({ role: 'visitor', id, text, at });
    let decide: (s: CacheStatus) => void = () => {};
    const cacheDecision = new Promise<CacheStatus>((resolve) => {
      decide = resolve;
    });
    const running: Running = { messageId: id, abort: new AbortController(), stopped: false, cacheMode, cacheDecision, decide };
    this.running = running;
    this.ctx.waitUntil(this.runBot(site, running, raw, context, visitorId, pii));
  }

  /** Cancel the running turn if it is `messageId`'s; the upstream fetch is aborted. */
  stop(messageId: string): void {
    if (this.running?.messageId !== messageId) return;
    this.running.stopped = true;
    this.running.abort.abort();
  }

  private async runBot(
    site: SiteConfig,
    running: Running,
    text: string,
    context: ReturnType<ConversationStore['history']>,
    visitorId?: string,
    pii?: Scanners['pii'],
  ): Promise<void> {
    const id = running.messageId;
    let reply = '';
    let finish: 'stop' | 'length' | 'stopped' | 'filtered' | undefined;
    let handoff = false;
    const vault = this.vault;
    try {
      const settings = this.settings;
      const history: ChatTurnMessage[] = context
        .filter((m) => m.text.length > 0)
        .map((m) => ({ role: m.role === 'visitor' ? 'user' : 'assistant', content: m.text }));
      const events = runTurn(
        {
          site,
          conversationId: this.ids.conversationId,
          message: { id, text },
          history,
          signal: running.abort.signal,
          vault,
          cacheMode: running.cacheMode,
        },
        {
          fetch: isolateGateway.fetch,
          now: Date.now,
          secrets: providerSecrets(settings),
          providers: registryFor(settings),
          cache: { kv: this.env.CACHE },
          waitUntil: (p) => this.ctx.waitUntil(p),
          onCacheDecision: running.decide,
          ...(pii ? { piiScanner: pii } : {}),
          // Issue 9: one audit row per turn, keyed by the turn (site:conversation:message); tokens count against the site's day.
          onEnd: metered(
            this.env,
            site,
            (p) => this.ctx.waitUntil(p),
            auditSink({
              db: this.env.DB,
              salt: settings.AUDIT_SALT,
              requestId: turnAuditId(site.key, this.ids.conversationId, id),
              visitorId,
              now: () => Date.now(),
              waitUntil: (p) => this.ctx.waitUntil(p),
            }),
          ),
        },
      );
      for await (let ev of events) {
        if (ev.type === 'error' && running.stopped) {
          ev = {
            type: 'done',
            messageId: id,
            finish: 'stopped',
            usage: { inputTokens: 0, outputTokens: Math.ceil(reply.length / 4), cachedInputTokens: 0, costUsd: 0, estimated: true },
          };
        }
        if (ev.type === 'meta' && ev.handoff) handoff = true;
        if (ev.type === 'delta') reply += ev.text;
        if (ev.type === 'done') finish = ev.finish;
        this.emit(ev);
      }
    } catch (err) {
      this.emit({ type: 'error', messageId: id, code: 'internal', message: 'Something went wrong on our side.', retryable: true });
      console.error(JSON.stringify({ level: 'error', where: 'conversation.runBot', name: (err as Error)?.name }));
    } finally {
      running.decide('bypass'); // no-op when the cache already decided
      this.store.set('vault', JSON.stringify(vault));
      const entry = { role: 'assistant' as const, id, text: reply, at: Date.now() };
      this.store.addMessage(finish ? { ...entry, finish } : entry);
      this.store.setTurnStatus(id, 'done');
      this.running = null;
    }
    // An agent may have joined while the turn ran: that handoff is already announced, not a second one.
    if (handoff && !this.handoffActive) this.startHandoff('intent', id);
  }

  /** Number, store and deliver a frame to every ready socket and to the SSE streams following its message. */
  emit(ev: Unnumbered): void {
    const { frame, json } = this.store.append<ServerFrame>(ev as Omit<ServerFrame, 'seq'>);
    for (const ws of this.ctx.getWebSockets()) {
      const att = ws.deserializeAttachment() as Attachment | null;
      if (!att?.ready) continue;
      try {
        ws.send(json);
      } catch {
        /* closing socket: it resumes by seq */
      }
    }
    const messageId = 'messageId' in frame ? frame.messageId : undefined;
    const subs = messageId ? this.sseSubscribers.get(messageId) : undefined;
    if (!subs || !messageId) return;
    const block = enc.encode(sseBlock(json));
    const last = frame.type === 'done' || frame.type === 'error';
    for (const w of subs) {
      w.write(block).catch(() => subs.delete(w));
      if (last) w.close().catch(() => {});
    }
    if (last) this.sseSubscribers.delete(messageId);
  }

  private startHandoff(reason: string, messageId?: string): void {
    this.store.set('handoff', '1');
    this.emit(messageId ? { type: 'handoff', active: true, reason, messageId } : { type: 'handoff', active: true, reason });
    const { siteKey, conversationId } = this.ids;
    const at = Date.now();
    // Queued in storage before the first attempt, behind any announcement still waiting, so none is lost.
    const delivery = this.outbox.add({ type: 'handoff', siteKey, conversationId, reason, at });
    this.ctx.waitUntil(Promise.allSettled([handoffQueue(this.env.DB).add({ siteKey, conversationId, reason, since: at }), delivery]));
  }

  /** Wakes the object for the handoff webhooks' retries (see WebhookOutbox). */
  override async alarm(): Promise<void> {
    await this.outbox.drain();
  }

  /** SSE transport: the frames of one message's turn (replayed after `lastEventId`, then live). */
  private async sse(
    call: CallContext,
    message: { id: string; text: string },
    lastEventId: number | undefined,
    cacheMode: 'default' | 'bypass',
  ): Promise<Response> {
    let turn = this.store.turn(message.id);
    const headers: Record<string, string> = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' };
    if (!turn) {
      try {
        // The published config from D1 (issue 4), so edits made in the console reach the conversation.
        const site = await this.siteForMessage();
        if (this.store.turn(message.id)) return this.sse(call, message, lastEventId, cacheMode); // accepted meanwhile
        this.admit(call.visitorId, message.text, site);
        this.accept(site, message.id, message.text, call.visitorId, cacheMode);
      } catch (err) {
        return errorResponse(err);
      }
      // The cache decides before the turn's first frame, so HTTP can say hit / miss / bypass in its headers.
      if (this.running?.messageId === message.id) headers['x-parley-cache'] = await this.running.cacheDecision;
      turn = this.store.turn(message.id);
    }
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    const writer = writable.getWriter();
    const after = lastEventId ?? (turn ? turn.first_seq - 1 : this.store.lastSeq);
    for (const json of this.store.framesAfter(after, message.id)) writer.write(enc.encode(sseBlock(json))).catch(() => {});
    if (turn?.status === 'running') {
      const set = this.sseSubscribers.get(message.id) ?? new Set<Writer>();
      set.add(writer);
      this.sseSubscribers.set(message.id, set);
    } else {
      writer.close().catch(() => {});
    }
    return new Response(readable, { headers });
  }

  /** Admin: a human agent's reply; takes the conversation into handoff if it was not. */
  agentReply(call: CallContext, text: string, name?: string): { id: string; seq: number } {
    this.adopt(call);
    if (!this.handoffActive) this.startHandoff('agent');
    const id = `agent-${crypto.randomUUID()}`;
    this.store.addMessage({ role: 'agent', id, text, at: Date.now() });
    this.emit(name ? { type: 'agent', id, text, name } : { type: 'agent', id, text });
    return { id, seq: this.store.lastSeq };
  }

  /** Admin: give the conversation back to the bot. */
  async handBack(call: CallContext): Promise<{ handoff: boolean }> {
    this.adopt(call);
    if (this.handoffActive) {
      this.store.set('handoff', '0');
      this.emit({ type: 'handoff', active: false, reason: 'agent' });
    }
    await handoffQueue(this.env.DB).remove(this.ids.siteKey, this.ids.conversationId);
    return { handoff: false };
  }

  /** Privacy (issue 9): delete transcript messages older than `cutoff` and their frames; returns how many. */
  purgeBefore(cutoff: number): number {
    const sql = this.ctx.storage.sql;
    const ids = sql.exec<{ id: string }>('SELECT id FROM messages WHERE at < ?', cutoff).toArray();
    for (const { id } of ids) sql.exec('DELETE FROM frames WHERE message_id = ?', id);
    sql.exec('DELETE FROM messages WHERE at < ?', cutoff);
    return ids.length;
  }

  /** Privacy (issue 9): the whole transcript, for a visitor's data export. */
  transcript(): ReturnType<ConversationStore['history']> {
    return this.store.history(100_000);
  }

  /** Privacy (issue 9): erase every message, frame and send record; returns how many messages there were. */
  erase(): number {
    const n = this.store.messageCount();
    for (const table of ['frames', 'messages', 'turns', 'sends']) this.ctx.storage.sql.exec(`DELETE FROM ${table}`);
    return n;
  }

  /**
   * A visitor's thumbs up/down on one of the bot's replies in this conversation (the latest rating wins).
   * Kept here for the console and on the turn's anonymous audit row for metrics. False when no such turn.
   */
  feedback(messageId: string, rating: 'up' | 'down'): boolean {
    if (!this.store.turn(messageId)) return false; // not a turn of this conversation
    const all = this.ratings;
    all[messageId] = rating;
    this.store.set('feedback', JSON.stringify(all));
    const { siteKey, conversationId } = this.ids;
    const requestId = turnAuditId(siteKey, conversationId, messageId);
    this.ctx.waitUntil(
      setFeedback(this.env.DB, requestId, rating).catch((e: unknown) => {
        console.error(JSON.stringify({ level: 'error', event: 'feedback_write_failed', name: e instanceof Error ? e.name : 'unknown' }));
      }),
    );
    return true;
  }

  /** `POST /v1/feedback` (the SSE transport's way to rate a reply). */
  rate(call: CallContext, messageId: string, rating: 'up' | 'down'): boolean {
    this.adopt(call);
    return this.feedback(messageId, rating);
  }

  private get ratings(): Record<string, 'up' | 'down'> {
    return JSON.parse(this.store.get('feedback') ?? '{}') as Record<string, 'up' | 'down'>;
  }

  /** Admin: the transcript, state and the visitor's ratings by message id, for the console. */
  summary(call: CallContext): {
    handoff: boolean;
    lastSeq: number;
    history: ReturnType<ConversationStore['history']>;
    feedback: Record<string, 'up' | 'down'>;
  } {
    this.adopt(call);
    return { handoff: this.handoffActive, lastSeq: this.store.lastSeq, history: this.store.history(200), feedback: this.ratings };
  }
}
