/**
 * The WebSocket transport: `hello` (with `resume {afterSeq}`) → `ready`, then messages both ways.
 * Reconnects with full-jitter exponential backoff and resumes, so a reply streaming when the network
 * dropped continues where it stopped; frames at or below the last applied seq are dropped, so no
 * text is duplicated. Calls `fallback` when the socket never opens (a proxy blocking WebSockets).
 */
import type { ServerFrame, SUPPORTED_PROTOCOLS } from '../../shared/protocol';
import type { Transport, TransportArgs } from './types';

// A type-only tie to shared/protocol.ts: importing its value would pull zod into the bundle.
const PROTOCOL: (typeof SUPPORTED_PROTOCOLS)[number] = 2;

/** Open the socket; `fallback` is called at most once, if no connection was ever established. */
export function wsTransport(args: TransportArgs, fallback: () => void): Transport {
  let ws: WebSocket | null = null;
  let ready = false;
  let everReady = false;
  let failures = 0;
  let closed = false;
  let beat: ReturnType<typeof setInterval> | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let heard = 0;
  const outbox: string[] = [];

  const write = (frame: object) => {
    const data = JSON.stringify(frame);
    if (ready && ws?.readyState === 1) ws.send(data);
    else outbox.push(data);
  };

  const reconnect = () => {
    if (closed) return;
    if (!everReady && failures >= 2) {
      closed = true;
      fallback();
      return;
    }
    const delay = everReady ? Math.random() * Math.min(15_000, 500 * 2 ** Math.min(failures, 5)) : 300;
    retry = setTimeout(connect, delay);
  };

  function connect(): void {
    clearTimeout(retry);
    if (closed) return;
    if (!navigator.onLine) return; // the `online` event reconnects
    // A known conversation is named on the upgrade with its token (a browser cannot set headers there).
    const conv = args.conversation();
    const query = new URLSearchParams({
      siteKey: args.siteKey,
      ...(conv ? { conversationId: conv.id, conversationToken: conv.token } : {}),
    });
    const socket = new WebSocket(`${args.endpoint.replace(/^http/, 'ws')}/v1/ws?${query}`);
    ws = socket;
    socket.onopen = () => {
      const afterSeq = args.lastSeq();
      socket.send(
        JSON.stringify({
          type: 'hello',
          protocol: PROTOCOL,
          siteKey: args.siteKey,
          ...(conv ? { conversationId: conv.id, conversationToken: conv.token } : {}),
          visitorId: args.visitorId,
          visitorToken: args.visitorToken(),
          locale: args.locale,
          page: (location.origin + location.pathname).slice(0, 2048),
          ...(afterSeq > 0 ? { resume: { afterSeq } } : {}),
        }),
      );
    };
    socket.onmessage = (event) => {
      heard = Date.now();
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(event.data)) as ServerFrame;
      } catch {
        return;
      }
      if (frame.type === 'ready') {
        ready = everReady = true;
        failures = 0;
        args.onLink(true);
        clearInterval(beat);
        // A socket that has heard nothing for two beats is dead even if the browser has not noticed.
        beat = setInterval(() => {
          if (Date.now() - heard > 2 * frame.heartbeatMs + 1000) lost(socket);
          else write({ type: 'ping' });
        }, frame.heartbeatMs);
        args.onFrame(frame);
        for (const data of outbox.splice(0)) socket.send(data);
        return;
      }
      if ('seq' in frame && typeof frame.seq === 'number' && frame.seq <= args.lastSeq()) return;
      args.onFrame(frame);
    };
    socket.onclose = () => lost(socket);
  }

  /** Forget a socket at once (a dead network may take long to deliver `close`) and schedule a retry. */
  function lost(socket: WebSocket): void {
    if (ws !== socket) return;
    ready = false;
    ws = null;
    clearInterval(beat);
    socket.close();
    if (everReady) args.onLink(false);
    failures++;
    reconnect();
  }

  const wake = () => {
    if (!ws && !closed) connect();
  };
  addEventListener('online', wake);
  addEventListener('offline', () => ws && lost(ws));
  connect();

  return {
    kind: 'ws',
    send: (msg) => write({ type: 'message', id: msg.id, text: msg.text }),
    stop: (messageId) => write({ type: 'stop', messageId }),
    tell: write,
    close() {
      closed = true;
      clearInterval(beat);
      removeEventListener('online', wake);
      ws?.close();
    },
  };
}
