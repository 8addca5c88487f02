/** The object's side of `POST /v1/chat`: one message's turn as SSE (accepted if new, replayed after `lastEventId`, then live). */

import type { FanOut } from './fan-out';
import { errorResponse } from './frames';
import type { Reception } from './reception';
import type { ConversationStore } from './store';

/** A chat message over SSE: the message, where a reconnecting client resumes, and its cache choice. */
export interface SseChat {
  message: { id: string; text: string };
  lastEventId?: number;
  cache?: 'default' | 'bypass';
  /** The visitor's locale, for reading their national phone numbers. */
  locale?: string;
  /** The page the visitor is on (`ChatRequest.page`), for the agents' context panel. */
  page?: string;
}

const HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' };

/** The SSE response for `req` from the conversation's owner `visitorId`; a typed JSON error when a limit refuses a new message. */
export async function sseChat(
  parts: { store: ConversationStore; reception: Reception; fanOut: FanOut },
  visitorId: string,
  req: SseChat,
): Promise<Response> {
  const { store, reception, fanOut } = parts;
  const { message } = req;
  let turn = store.turn(message.id);
  const headers: Record<string, string> = { ...HEADERS };
  if (!turn) {
    try {
      // The published config from D1, so edits made in the console reach the conversation.
      const fresh = await reception.submit({
        visitorId,
        id: message.id,
        text: message.text,
        cacheMode: req.cache ?? 'default',
        ...(req.locale ? { locale: req.locale } : {}),
      });
      if (!fresh) return sseChat(parts, visitorId, req); // accepted meanwhile: follow that turn
    } catch (err) {
      return errorResponse(err);
    }
    // The cache decides before the turn's first frame, so HTTP can say hit / miss / bypass in its headers.
    const running = reception.running;
    if (running?.messageId === message.id) headers['x-parley-cache'] = await running.cacheDecision;
    turn = store.turn(message.id);
  }
  const after = req.lastEventId ?? (turn ? turn.first_seq - 1 : store.lastSeq);
  const body = fanOut.sseStream(message.id, store.framesAfter(after, message.id), turn?.status === 'running');
  return new Response(body, { headers });
}
