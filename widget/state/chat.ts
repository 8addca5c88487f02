/**
 * The chat controller: turns visitor actions into transport calls and server frames into the stored
 * conversation, and reports what happened as public events. UI-free, so the public API and the
 * Preact components share one source of truth.
 */
import type { HistoryItem, ServerFrame } from '../../shared/protocol';
import { sseTransport } from '../transport/sse';
import type { Transport } from '../transport/types';
import { wsTransport } from '../transport/ws';
import { baseId, type Conv, type Msg, newId, patch, replyId } from './conversation';
import { openStore, type Store } from './store';

export type EventName = 'ready' | 'open' | 'close' | 'message' | 'unread' | 'handoff' | 'error';

export interface ChatOptions {
  endpoint: string;
  siteKey: string;
  locale: string;
  /** `false` skips the WebSocket and uses SSE only. */
  ws: boolean;
  emit: (event: EventName, data?: unknown) => void;
  /** Called with each finished reply, for the screen-reader announcement and the unread badge. */
  onReply: (m: Msg) => void;
}

export interface Chat {
  store: Store;
  online: () => boolean;
  onLink: (fn: () => void) => void;
  send(text: string): void;
  retry(visitorId: string): void;
  stop(visitorId: string): void;
  rate(visitorId: string, rating: 'up' | 'down'): void;
  identify(token: string): void;
}

const wireId = (m: Msg): string => (m.v ? `${m.id}.${m.v}` : m.id);

function fromHistory(h: HistoryItem): Msg {
  const id = h.role === 'assistant' ? replyId(baseId(h.id)) : h.role === 'visitor' ? baseId(h.id) : h.id;
  return { id, role: h.role, text: h.text, at: h.at, status: h.finish === 'stopped' ? 'stopped' : 'done' };
}

/** Start the controller: opens the store and the transport (WebSocket, falling back to SSE). */
export function startChat(o: ChatOptions): Chat {
  const store = openStore(o.siteKey);
  const linkSubs: (() => void)[] = [];
  // null while the first connection is being made: not offline, but nothing can be sent yet.
  let link: boolean | null = null;
  let token: string | undefined;
  let t: Transport;
  let readySent = false;
  /** The visitor message whose reply is running (sent here, or seen streaming on the socket). */
  let running: string | null = null;

  const up = (v: boolean) => {
    link = v && navigator.onLine;
    for (const fn of linkSubs) fn();
    if (link) {
      if (!readySent) {
        o.emit('ready');
        // Over SSE, a reply cut off (reload, WS fallback) is asked for again by id: the server replays what
        // came after our seq, or runs the turn if it never arrived.
        if (t.kind === 'sse')
          for (const m of visitors())
            if (m.status === 'sending') {
              running = m.id;
              t.send({ id: wireId(m), text: m.text }, store.get().seq);
            }
      }
      readySent = true;
      flush();
    }
  };
  const visitors = () => store.get().msgs.filter((m) => m.role === 'visitor');

  /**
   * Send the next queued message, one turn at a time (the conversation runs one reply at a time, so a
   * message typed while a reply streams waits for it). The `sending` claim is made on the freshest
   * stored copy, so two tabs never send the same message.
   */
  function flush(): void {
    if (!link || running) return;
    const m = visitors().find((x) => x.status === 'queued');
    if (!m) return;
    let claimed = false as boolean;
    store.update((c) => {
      claimed = c.msgs.find((x) => x.id === m.id)?.status === 'queued';
      return claimed ? patch(c, m.id, { status: 'sending' }) : c;
    });
    if (!claimed) return;
    t.send({ id: wireId(m), text: m.text });
    // While a person has the conversation no bot reply comes back: delivered is done.
    if (store.get().handoff) {
      store.update((c) => patch(c, m.id, { status: 'done' }));
      flush();
    } else running = m.id;
  }
  const settle = (id: string) => {
    if (running === id) running = null;
    flush();
  };

  const reply = (c: Conv, id: string, change: Partial<Msg>): Conv =>
    patch(c, replyId(id), change, { role: 'assistant', text: '', at: Date.now(), status: 'streaming' });

  function onFrame(f: ServerFrame): void {
    const seq = 'seq' in f && typeof f.seq === 'number' ? f.seq : 0;
    const withSeq = (c: Conv): Conv => (seq > c.seq ? { ...c, seq } : c);
    // Checked on the freshest stored copy: another tab on the same conversation may have applied it.
    const stale = (c: Conv) => seq > 0 && seq <= c.seq;
    switch (f.type) {
      case 'ready': {
        const items = f.history.map(fromHistory);
        store.update((c) => {
          let n: Conv = { ...c, handoff: f.handoff, seq: Math.min(c.seq, f.lastSeq) };
          for (const m of items) n = patch(n, m.id, m, m);
          return n;
        });
        // Sent before the socket dropped but never acknowledged: send again, the id makes it idempotent.
        const known = new Set(items.map((m) => m.id));
        for (const m of visitors()) {
          if (m.status !== 'sending' || known.has(m.id) || store.get().msgs.some((r) => r.id === replyId(m.id))) continue;
          running = m.id;
          t.send({ id: wireId(m), text: m.text });
        }
        return;
      }
      case 'meta':
        running = baseId(f.messageId);
        store.update((c) => (stale(c) ? c : withSeq(reply(c, baseId(f.messageId), {}))));
        if (f.handoff) setHandoff(true);
        return;
      case 'delta':
        running = baseId(f.messageId);
        store.update((c) => {
          if (stale(c)) return c;
          const id = replyId(baseId(f.messageId));
          const had = c.msgs.find((m) => m.id === id);
          // Stopped by the visitor: words already on their way are not shown, the reply ends where it was.
          if (had?.status === 'stopped') return withSeq(c);
          return withSeq(reply(c, baseId(f.messageId), { text: (had?.text ?? '') + f.text, status: 'streaming' }));
        });
        return;
      case 'done':
      case 'error': {
        if (f.type === 'error' && !f.messageId) {
          o.emit('error', { code: f.code, message: f.message });
          return;
        }
        const id = baseId(f.messageId ?? '');
        if (f.type === 'error' && f.code === 'conflict') {
          // Another tab's reply was still running: wait for it, then send again (same id).
          store.update((c) => patch(c, id, { status: 'queued' }));
          if (running === id) running = null;
          setTimeout(flush, 1000);
          return;
        }
        let fresh = false as boolean;
        const change: Partial<Msg> =
          f.type === 'done'
            ? { status: f.finish === 'stopped' ? 'stopped' : 'done' }
            : { status: 'failed', code: f.message === 'network' ? 'network' : f.code, retryable: f.retryable };
        store.update((c) => {
          fresh = !stale(c);
          return fresh ? withSeq(patch(reply(c, id, change), id, { status: 'done' })) : c;
        });
        const m = store.get().msgs.find((x) => x.id === replyId(id));
        if (f.type === 'error') o.emit('error', { code: f.code, message: f.message, messageId: id });
        else if (m && fresh) {
          o.emit('message', { id: m.id, role: m.role, text: m.text });
          o.onReply(m);
        }
        settle(id);
        return;
      }
      case 'agent': {
        const m: Msg = { id: f.id, role: 'agent', text: f.text, at: Date.now(), status: 'done', ...(f.name ? { name: f.name } : {}) };
        store.update((c) => withSeq(patch(c, f.id, {}, m)));
        o.emit('message', { id: m.id, role: 'agent', text: m.text });
        o.onReply(m);
        return;
      }
      case 'handoff': {
        // The message that asked for a person is answered by a human later: it is delivered, not pending.
        const id = f.messageId && baseId(f.messageId);
        store.update((c) => withSeq(id ? patch(c, id, { status: 'done' }) : c));
        setHandoff(f.active);
        if (id) settle(id);
        return;
      }
    }
  }

  function setHandoff(active: boolean): void {
    if (store.get().handoff === active) return;
    store.update((c) => ({ ...c, handoff: active }));
    o.emit('handoff', { active });
  }

  function connect(useWs: boolean): void {
    const c = store.get();
    const args = {
      endpoint: o.endpoint,
      siteKey: o.siteKey,
      conversationId: c.cid,
      visitorId: c.vid,
      visitorToken: () => token,
      locale: o.locale,
      lastSeq: () => store.get().seq,
      onFrame,
      onLink: up,
    };
    t =
      useWs && typeof WebSocket === 'function'
        ? wsTransport(args, () => {
            // The socket never came up: SSE takes over, and re-asks (by id, idempotent) what was handed to it.
            connect(false);
          })
        : sseTransport(args);
  }

  addEventListener('online', () => t.kind === 'sse' && up(true));
  addEventListener('offline', () => up(false));
  connect(o.ws);

  return {
    store,
    online: () => link !== false && navigator.onLine,
    onLink: (fn) => {
      linkSubs.push(fn);
    },
    send(text) {
      const m: Msg = { id: newId('m_'), role: 'visitor', text, at: Date.now(), status: 'queued' };
      store.update((c) => patch(c, m.id, {}, m));
      flush();
    },
    retry(id) {
      const m = store.get().msgs.find((x) => x.id === id);
      if (!m) return;
      const v = (m.v ?? 0) + 1;
      store.update((c) => {
        const r = c.msgs.find((x) => x.id === replyId(id));
        const n = patch(c, id, { v, status: 'queued' });
        return r ? patch(n, r.id, { v: (r.v ?? 0) + 1, text: '', status: 'streaming', code: undefined }) : n;
      });
      flush();
    },
    stop(id) {
      const m = store.get().msgs.find((x) => x.id === id);
      if (m) t.stop(wireId(m));
      store.update((c) => patch(reply(c, id, { status: 'stopped' }), id, { status: 'done' }));
      settle(id);
    },
    rate(id, rating) {
      const m = store.get().msgs.find((x) => x.id === id);
      store.update((c) => patch(c, replyId(id), { rating }));
      if (m) t.feedback(wireId(m), rating);
    },
    identify(v) {
      if (v === token) return;
      token = v;
      // Already past `hello`: reconnect so the server binds the conversation to the signed visitor.
      if (link && t.kind === 'ws') {
        t.close();
        connect(true);
      }
    },
  };
}
