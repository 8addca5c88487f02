/**
 * The object's side of `GET /v1/chat/events`: one conversation's agent replies, handoff changes and typing
 * as Server-Sent Events, for visitors not on a WebSocket. Stored frames after `Last-Event-ID` (the frame
 * `seq`) are replayed first, then the stream follows the conversation live until the client goes.
 * Typing frames are not numbered or stored, so a resumed stream never replays them.
 */
import { EVENT_TYPES, type FanOut } from './fan-out';
import { sseBlock } from './frames';
import type { ConversationStore } from './store';

/**
 * A comment line every 25 s: proxies and load balancers commonly drop an HTTP response idle for 30–60 s,
 * and a failed write is also how a stream whose reader has gone is noticed and dropped.
 */
export const KEEP_ALIVE_MS = 25_000;

const enc = new TextEncoder();
const HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' };

export function conversationEvents(
  parts: { store: ConversationStore; fanOut: FanOut },
  lastEventId: number | undefined,
  keepAliveMs = KEEP_ALIVE_MS,
): Response {
  const { store, fanOut } = parts;
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  // Synchronous from the replay to the subscription: no frame can fall between them.
  if (lastEventId !== undefined) {
    for (const json of store.framesAfter(lastEventId)) {
      const type = (JSON.parse(json) as { type: string }).type;
      if (EVENT_TYPES.has(type)) fanOut.write(writer, enc.encode(sseBlock(json)));
    }
  }
  fanOut.write(writer, enc.encode(`retry: 2000\n: connected ${store.lastSeq}\n\n`));
  fanOut.subscribe(writer);
  const ping = enc.encode(': keep-alive\n\n');
  const timer = setInterval(() => {
    writer.write(ping).catch(() => {
      clearInterval(timer);
      fanOut.unsubscribe(writer);
    });
  }, keepAliveMs);
  writer.closed.catch(() => {
    clearInterval(timer);
    fanOut.unsubscribe(writer);
  });
  return new Response(readable, { headers: HEADERS });
}

/**
 * The visitor's typing (a WebSocket `typing` frame), kept as the conversation's latest state for the
 * console's summary. At most one a second per conversation is recorded; false when this one was dropped.
 */
export function recordVisitorTyping(store: ConversationStore, active: boolean, now: number): boolean {
  const last = Number(store.get('typing_at') ?? 0);
  if (now - last < 1000) return false;
  store.set('typing_at', String(now));
  store.set('typing', active ? '1' : '0');
  return true;
}
