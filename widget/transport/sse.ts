/**
 * The SSE transport: `POST /v1/chat` and read the server frames from the event stream. The body is
 * sent as `text/plain` so the browser needs no CORS preflight (one round trip less).
 */
import { EventSourceParserStream } from 'eventsource-parser/stream';
import type { ErrorFrame, ServerFrame } from '../../shared/protocol';

export interface SendArgs {
  endpoint: string;
  siteKey: string;
  conversationId?: string | undefined;
  visitorId?: string | undefined;
  message: { id: string; text: string };
  signal: AbortSignal;
  onFrame: (frame: ServerFrame) => void;
}

/** Send one message and deliver every frame; resolves when the stream ends. Errors arrive as frames. */
export async function sendOverSse(args: SendArgs): Promise<void> {
  const fail = (code: ErrorFrame['code'], message: string, retryable: boolean) =>
    args.onFrame({ type: 'error', messageId: args.message.id, code, message, retryable });
  let res: Response;
  try {
    res = await fetch(`${args.endpoint}/v1/chat`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify({
        siteKey: args.siteKey,
        conversationId: args.conversationId,
        visitorId: args.visitorId,
        message: args.message,
      }),
      signal: args.signal,
    });
  } catch {
    if (!args.signal.aborted) fail('upstream_unavailable', 'network', true);
    return;
  }
  if (!res.ok || !res.body) {
    let code: ErrorFrame['code'] = 'internal';
    let message = `HTTP ${res.status}`;
    try {
      const body = (await res.json()) as { error?: { code?: ErrorFrame['code']; message?: string } };
      code = body.error?.code ?? code;
      message = body.error?.message ?? message;
    } catch {
      /* not JSON: keep the status */
    }
    fail(code, message, res.status >= 500 || res.status === 429);
    return;
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
  let ended = false;
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      const frame = JSON.parse(value.data) as ServerFrame;
      if (frame.type === 'done' || frame.type === 'error') ended = true;
      args.onFrame(frame);
    }
  } catch {
    if (args.signal.aborted) return;
  }
  if (!ended && !args.signal.aborted) fail('upstream_unavailable', 'network', true);
}
