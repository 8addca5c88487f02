/**
 * The chat controller: turns visitor actions into transport calls and server frames into the stored
 * conversation, and reports what happened as public events. UI-free, so the public API and the
 * Preact components share one source of truth.
 */
import type { ServerFrame } from '../../shared/protocol';
import type { EventName } from '../api';
import { sseTransport } from '../transport/sse';
import type { Transport } from '../transport/types';
import { wsTransport } from '../transport/ws';
import { baseId, type Conv, fromHistory, type Msg, newId, patch, replyId, subOf, wireId } from './conversation';
import { answered, deskFrame } from './desk';
import { openStore, type Store } from './store';

export interface ChatOptions {
  endpoint: string;
  siteKey: string;
  locale: string;
  /** `false` skips the WebSocket and uses SSE only. */
  ws: boolean;
  /** A signed visitor token given before the chat started (`Parley('identify', …)`). */
  visitorToken?: string | undefined;
  emit: (event: EventName, data?: unknown) => void;
  /** Called with each finished reply, for the screen-reader announcement and the unread badge. */
  onReply: (msg: Msg) => void;
}

export interface Live {
  typing?: string | undefined;
  status?: { id: string; text: string } | undefined;
}

export interface Chat {
  store: Store;
  online: () => boolean;
  onLink: (fn: () => void) => void;
  send(text: string): void;
  /** Send a failed visitor message again (by its id); its reply starts over. */
  retry(messageId: string): void;
  /** Stop the reply to a visitor message. */
  stop(messageId: string): void;
  /** Rate the reply to a visitor message. */
  rate(messageId: string, rating: 'up' | 'down'): void;
  /** What is shown live and never stored: the agent typing (their name, '' unnamed) and a turn's progress line. */
  live: Live;
  /** The visitor is typing (told to a person who has the conversation, at most every 2 s). */
  typing(): void;
  /** Answer a confirm card: run the action or not. */
  answer(callId: string, approve: boolean): void;
  /** Rate the whole conversation (1–5, a comment optional), once, when a survey was asked for. */
  survey(score: number, comment: string): void;
  /** Leave an email and a message while no person can answer. */
  leave(email: string, text: string): void;
  identify(token: string): void;
  /** Forget the conversation and the visitor token (the host page's logout) and start clean. */
  reset(): void;
}

/** Start the controller: opens the store and the transport (WebSocket, falling back to SSE). */
export function startChat(options: ChatOptions): Chat {
  const store = openStore(options.siteKey);
  const linkListeners: (() => void)[] = [];
  // null while the first connection is being made: not offline, but nothing can be sent yet.
  let link: boolean | null = null;
  let token = options.visitorToken;
  // A conversation kept for someone else (another user logged in on this computer) is not resumed.
  if ((store.get().sub ?? '') !== subOf(token)) store.clear(subOf(token));
  let transport: Transport;
  let readySent = false;
  /** The visitor message whose reply is running (sent here, or seen streaming on the socket). */
  let running: string | null = null;
  const live: Live = {};
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  let typedAt = 0;
  const changed = () => {
    for (const listener of linkListeners) listener();
  };
  const setLive = (change: Live) => {
    Object.assign(live, change);
    changed();
  };

  const setLink = (isUp: boolean) => {
    link = isUp && navigator.onLine;
    changed();
    if (link) {
      if (!readySent) {
        options.emit('ready');
        // Over SSE, a reply cut off (reload, WS fallback) is asked for again by id: the server replays what
        // came after our seq, or runs the turn if it never arrived.
        if (transport.kind === 'sse')
          for (const msg of visitors())
            if (msg.status === 'sending') {
              running = msg.id;
              deliver(msg, store.get().seq);
            }
      }
      readySent = true;
      flush();
    }
  };
  const visitors = () => store.get().msgs.filter((msg) => msg.role === 'visitor');
  const stored = (id: string) => store.get().msgs.find((msg) => msg.id === id);
  /** Hand a visitor message to the transport (`after`: replay what came after that seq, over SSE). */
  const deliver = (msg: Msg, after?: number) => transport.send({ id: wireId(msg), text: msg.text }, after);
  /** A finished reply or an agent's message: the public event, the announcement and the badge. */
  const announce = (msg: Msg) => {
    options.emit('message', { id: msg.id, role: msg.role, text: msg.text });
    options.onReply(msg);
  };

  /**
   * Send the next queued message, one turn at a time (the conversation runs one reply at a time, so a
   * message typed while a reply streams waits for it). The `sending` claim is made on the freshest
   * stored copy, so two tabs never send the same message.
   */
  function flush(): void {
    if (!link || running) return;
    const msg = visitors().find((other) => other.status === 'queued');
    if (!msg) return;
    let claimed = false as boolean;
    store.update((conv) => {
      claimed = conv.msgs.find((other) => other.id === msg.id)?.status === 'queued';
      return claimed ? patch(conv, msg.id, { status: 'sending' }) : conv;
    });
    if (!claimed) return;
    deliver(msg);
    // While a person has the conversation no bot reply comes back: delivered is done.
    if (store.get().handoff) {
      store.update((conv) => patch(conv, msg.id, { status: 'done' }));
      flush();
    } else running = msg.id;
  }
  const settle = (id: string) => {
    if (running === id) running = null;
    flush();
  };

  const reply = (conv: Conv, messageId: string, change: Partial<Msg>): Conv =>
    patch(conv, replyId(messageId), change, { role: 'assistant', text: '', at: Date.now(), status: 'streaming' });

  function onFrame(frame: ServerFrame): void {
    const seq = 'seq' in frame && typeof frame.seq === 'number' ? frame.seq : 0;
    const withSeq = (conv: Conv): Conv => (seq > conv.seq ? { ...conv, seq } : conv);
    // Checked on the freshest stored copy: another tab on the same conversation may have applied it.
    const stale = (conv: Conv) => seq > 0 && seq <= conv.seq;
    switch (frame.type) {
      case 'ready': {
        const items = frame.history.map(fromHistory);
        const owned = { cid: frame.conversationId, tok: frame.conversationToken, sub: subOf(token) };
        store.update((conv) => {
          let next: Conv = { ...conv, ...owned, handoff: frame.handoff, seq: Math.min(conv.seq, frame.lastSeq) };
          for (const msg of items) next = patch(next, msg.id, msg, msg);
          return next;
        });
        // Sent before the socket dropped but never acknowledged: send again, the id makes it idempotent.
        const known = new Set(items.map((msg) => msg.id));
        for (const msg of visitors()) {
          if (msg.status !== 'sending' || known.has(msg.id) || stored(replyId(msg.id))) continue;
          running = msg.id;
          deliver(msg);
        }
        return;
      }
      case 'meta':
        running = baseId(frame.messageId);
        store.update((conv) => (stale(conv) ? conv : withSeq(reply(conv, baseId(frame.messageId), {}))));
        if (frame.handoff) setHandoff(true);
        return;
      case 'delta':
        running = baseId(frame.messageId);
        if (live.status) setLive({ status: undefined });
        store.update((conv) => {
          if (stale(conv)) return conv;
          const id = replyId(baseId(frame.messageId));
          const had = conv.msgs.find((msg) => msg.id === id);
          // Stopped by the visitor: words already on their way are not shown, the reply ends where it was.
          if (had?.status === 'stopped') return withSeq(conv);
          return withSeq(reply(conv, baseId(frame.messageId), { text: (had?.text ?? '') + frame.text, status: 'streaming' }));
        });
        return;
      case 'done':
      case 'error': {
        if (frame.type === 'error' && !frame.messageId) {
          // The conversation was refused (its token no longer holds): the next connection starts a new one.
          if (frame.code === 'unauthorized' && store.get().cid) store.clear(subOf(token));
          options.emit('error', { code: frame.code, message: frame.message });
          return;
        }
        const id = baseId(frame.messageId ?? '');
        if (frame.type === 'error' && frame.code === 'conflict') {
          // Another tab's reply was still running: wait for it, then send again (same id).
          store.update((conv) => patch(conv, id, { status: 'queued' }));
          if (running === id) running = null;
          setTimeout(flush, 1000);
          return;
        }
        let fresh = false as boolean;
        const change: Partial<Msg> =
          frame.type === 'done'
            ? { status: frame.finish === 'stopped' ? 'stopped' : 'done', sources: frame.sources }
            : { status: 'failed', code: frame.message === 'network' ? 'network' : frame.code, retryable: frame.retryable };
        store.update((conv) => {
          fresh = !stale(conv);
          return fresh ? withSeq(patch(reply(conv, id, change), id, { status: 'done' })) : conv;
        });
        const msg = stored(replyId(id));
        if (live.status?.id === id) setLive({ status: undefined });
        if (frame.type === 'error') options.emit('error', { code: frame.code, message: frame.message, messageId: id });
        else if (msg && fresh) announce(msg);
        settle(id);
        return;
      }
      case 'agent': {
        const msg: Msg = {
          id: frame.id,
          role: 'agent',
          text: frame.text,
          at: Date.now(),
          status: 'done',
          ...(frame.name ? { name: frame.name } : {}),
        };
        store.update((conv) => withSeq(patch(conv, frame.id, {}, msg)));
        setLive({ typing: undefined });
        announce(msg);
        return;
      }
      case 'typing':
        clearTimeout(typingTimer);
        // A lost "stopped typing" never leaves the indicator on: it lapses unless renewed.
        if (frame.active) typingTimer = setTimeout(() => setLive({ typing: undefined }), 8000);
        setLive({ typing: frame.active ? (frame.name ?? '') : undefined });
        return;
      case 'status':
        setLive({ status: { id: baseId(frame.messageId), text: frame.text } });
        return;
      case 'confirm':
      case 'closed':
      case 'offline_received':
        if (frame.type === 'closed') setHandoff(false);
        store.update((conv) => withSeq(deskFrame(conv, frame, Date.now())));
        return;
      case 'handoff': {
        const id = frame.messageId && baseId(frame.messageId);
        store.update((conv) => withSeq(deskFrame(conv, frame, Date.now())));
        setHandoff(frame.active);
        if (id) settle(id);
        return;
      }
    }
  }

  function setHandoff(active: boolean): void {
    if (store.get().handoff === active) return;
    store.update((conv) => ({ ...conv, handoff: active }));
    options.emit('handoff', { active });
  }

  function connect(useWs: boolean): void {
    const conv = store.get();
    const args = {
      endpoint: options.endpoint,
      siteKey: options.siteKey,
      conversation: () => {
        const now = store.get();
        return now.cid && now.tok ? { id: now.cid, token: now.tok } : null;
      },
      onConversation: (cid: string, tok: string) => store.update((now) => ({ ...now, cid, tok, sub: subOf(token) })),
      visitorId: conv.vid,
      visitorToken: () => token,
      locale: options.locale,
      lastSeq: () => store.get().seq,
      onFrame,
      onLink: setLink,
    };
    transport =
      useWs && typeof WebSocket === 'function'
        ? wsTransport(args, () => {
            // The socket never came up: SSE takes over, and re-asks (by id, idempotent) what was handed to it.
            connect(false);
          })
        : sseTransport(args);
  }

  /** Drop the stored conversation and connect again as `sub`: the server mints a new one. */
  function start(sub: string): void {
    transport.close();
    running = null;
    store.clear(sub);
    connect(options.ws);
  }

  addEventListener('online', () => transport.kind === 'sse' && setLink(true));
  addEventListener('offline', () => setLink(false));
  connect(options.ws);

  return {
    store,
    online: () => link !== false && navigator.onLine,
    onLink: (listener) => {
      linkListeners.push(listener);
    },
    send(text) {
      const msg: Msg = { id: newId('m_'), role: 'visitor', text, at: Date.now(), status: 'queued' };
      store.update((conv) => patch(conv, msg.id, {}, msg));
      flush();
    },
    retry(messageId) {
      const msg = stored(messageId);
      if (!msg) return;
      const version = (msg.v ?? 0) + 1;
      store.update((conv) => {
        const answer = conv.msgs.find((other) => other.id === replyId(messageId));
        const next = patch(conv, messageId, { v: version, status: 'queued' });
        return answer ? patch(next, answer.id, { v: (answer.v ?? 0) + 1, text: '', status: 'streaming', code: undefined }) : next;
      });
      flush();
    },
    stop(messageId) {
      const msg = stored(messageId);
      if (msg) transport.stop(wireId(msg));
      store.update((conv) => patch(reply(conv, messageId, { status: 'stopped' }), messageId, { status: 'done' }));
      settle(messageId);
    },
    rate(messageId, rating) {
      const msg = stored(messageId);
      store.update((conv) => patch(conv, replyId(messageId), { rating }));
      if (msg) transport.tell({ type: 'feedback', messageId: wireId(msg), rating });
    },
    live,
    typing() {
      if (!store.get().handoff || Date.now() - typedAt < 2000) return;
      typedAt = Date.now();
      transport.tell({ type: 'typing', active: true });
    },
    answer(callId, approve) {
      store.update((conv) => answered(conv, callId, approve));
      transport.tell({ type: 'confirm', callId, approve });
    },
    survey(score, comment) {
      store.update((conv) => ({ ...conv, csat: 2 }));
      transport.tell({ type: 'csat', score, ...(comment ? { comment } : {}) });
    },
    leave(email, text) {
      store.update((conv) => ({ ...conv, left: 1 }));
      transport.tell({ type: 'offline', email, text });
    },
    identify(newToken) {
      if (newToken === token) return;
      const other = subOf(newToken) !== (store.get().sub ?? '');
      token = newToken;
      // Another person: their conversation starts clean. The same one: reconnect so hello carries the new token.
      if (other) start(subOf(newToken));
      else if (link && transport.kind === 'ws') {
        transport.close();
        connect(true);
      }
    },
    reset() {
      token = undefined;
      start('');
    },
  };
}
