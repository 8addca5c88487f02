/**
 * Delivery of a conversation's numbered frames to whoever follows it live: every ready WebSocket, and
 * the SSE streams following one message's turn (replayed from storage first, then live until its end),
 * and the conversation-wide event streams (`GET /v1/chat/events`: agent replies, handoff changes, typing).
 */
import type { ServerFrame } from '../../shared/protocol';
import { sseBlock } from './frames';
import type { Attachment } from './session-types';

type Writer = WritableStreamDefaultWriter<Uint8Array>;
const enc = new TextEncoder();

/** The frames a conversation's event stream carries: what happens outside the bot's turns. */
export const EVENT_TYPES: ReadonlySet<string> = new Set(['agent', 'handoff', 'typing', 'closed', 'offline_received']);

export class FanOut {
  private readonly sseSubscribers = new Map<string, Set<Writer>>();
  /** Event streams of the whole conversation; each gets only the frame types in `EVENT_TYPES`. */
  private readonly eventSubscribers = new Set<Writer>();

  /** `sockets` lists the object's accepted WebSockets (hibernation API: `ctx.getWebSockets()`). */
  constructor(private readonly sockets: () => WebSocket[]) {}

  /** Send to every ready socket; one that is closing is skipped (a stored frame reaches it again by seq on resume). */
  private toReadySockets(json: string): void {
    for (const ws of this.sockets()) {
      const att = ws.deserializeAttachment() as Attachment | null;
      if (!att?.ready) continue;
      try {
        ws.send(json);
      } catch {
        /* closing socket */
      }
    }
  }

  /** Send a stored frame to every ready socket and to the SSE streams following its message. */
  deliver(frame: ServerFrame, json: string): void {
    this.toReadySockets(json);
    if (EVENT_TYPES.has(frame.type)) this.toEventStreams(json);
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

  /** An unnumbered, unstored frame (typing): to every ready socket and every event stream, now or never. */
  deliverLive(json: string): void {
    this.toReadySockets(json);
    this.toEventStreams(json);
  }

  private toEventStreams(json: string): void {
    const block = enc.encode(sseBlock(json));
    for (const w of this.eventSubscribers) this.write(w, block);
  }

  /** Write, and forget a stream whose reader went away. */
  write(w: Writer, chunk: Uint8Array): void {
    w.write(chunk).catch(() => this.unsubscribe(w));
  }

  subscribe(w: Writer): void {
    this.eventSubscribers.add(w);
  }

  unsubscribe(w: Writer): void {
    this.eventSubscribers.delete(w);
  }

  get eventStreams(): number {
    return this.eventSubscribers.size;
  }

  /** An SSE body: the stored frames `replay`, then (when `live`) the message's frames as they come, until its end. */
  sseStream(messageId: string, replay: readonly string[], live: boolean): ReadableStream<Uint8Array> {
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
    const writer = writable.getWriter();
    for (const json of replay) writer.write(enc.encode(sseBlock(json))).catch(() => {});
    if (live) {
      const set = this.sseSubscribers.get(messageId) ?? new Set<Writer>();
      set.add(writer);
      this.sseSubscribers.set(messageId, set);
    } else {
      writer.close().catch(() => {});
    }
    return readable;
  }
}
