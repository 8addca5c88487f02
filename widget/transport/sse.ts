/**
 * The SSE transport: `POST /v1/chat` per message and read the server frames from the event stream.
 * The body is sent as `text/plain` so the browser needs no CORS preflight (one round trip less).
 * Used when WebSockets are unavailable or blocked by a proxy. Once the conversation has an id and token,
 * an EventSource on `GET /v1/chat/events` brings what happens between turns: agent replies, handoff, typing.
 */
import type { ErrorFrame, ServerFrame } from '../../shared/protocol';
import type { Transport, TransportArgs } from './types';

/** Send one message and deliver every frame; resolves when the stream ends. Errors arrive as frames. */
export async function sendOverSse(
  args: Pick<TransportArgs, 'endpoint' | 'siteKey' | 'onFrame'> & {
    conversation?: TransportArgs['conversation'];
    onConversation?: TransportArgs['onConversation'];
    visitorId?: string;
    visitorToken?: TransportArgs['visitorToken'];
    message: { id: string; text: string };
    signal: AbortSignal;
    after?: number | undefined;
  },
): Promise<void> {
  const fail = (code: ErrorFrame['code'], message: string, retryable: boolean) =>
    args.onFrame({ type: 'error', messageId: args.message.id, code, message, retryable });
  let response: Response;
  const conv = args.conversation?.();
  const token = args.visitorToken?.();
  try {
    response = await fetch(`${args.endpoint}/v1/chat`, {
      method: 'POST',
      headers: {
        'content-type': 'text/plain;charset=UTF-8',
        ...(args.after === undefined ? {} : { 'last-event-id': String(args.after) }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({
        siteKey: args.siteKey,
        ...(conv ? { conversationId: conv.id, conversationToken: conv.token } : {}),
        visitorId: args.visitorId,
        page: (location.origin + location.pathname).slice(0, 2048),
        message: args.message,
      }),
      signal: args.signal,
    });
  } catch {
    if (!args.signal.aborted) fail('upstream_unavailable', 'network', true);
    return;
  }
  const minted = response.headers.get('x-conversation-id');
  const mintedToken = response.headers.get('x-conversation-token');
  if (minted && mintedToken && minted !== conv?.id) args.onConversation?.(minted, mintedToken);
  if (!response.ok || !response.body) {
    let code: ErrorFrame['code'] = 'internal';
    let message = `HTTP ${response.status}`;
    try {
      const body = (await response.json()) as { error?: { code?: ErrorFrame['code']; message?: string } };
      code = body.error?.code ?? code;
      message = body.error?.message ?? message;
    } catch {
      /* not JSON: keep the status */
    }
    fail(code, message, response.status >= 500 || response.status === 429);
    return;
  }
  const ended = await readFrames(response.body, args.onFrame);
  if (!ended && !args.signal.aborted) fail('upstream_unavailable', 'network', true);
}

/** Deliver every frame of an SSE response body; true when the turn ended (`done` or `error`) before the body did. */
async function readFrames(body: NonNullable<Response['body']>, onFrame: TransportArgs['onFrame']): Promise<boolean> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let ended = false;
  let buffer = '';
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += value;
      for (const data of takeEvents(buffer, (rest) => (buffer = rest))) {
        const frame = JSON.parse(data) as ServerFrame;
        if (frame.type === 'done' || frame.type === 'error') ended = true;
        onFrame(frame);
      }
    }
  } catch {
    /* cut off: the caller decides what an unfinished turn means */
  }
  return ended;
}

/**
 * The `data` of each complete event in an SSE buffer (events end with a blank line); the unfinished
 * tail is handed back through `keep`. Our server sends one `data:` line per event; comments and
 * `event:`/`id:` fields are not needed because every frame names its own type and seq.
 */
export function takeEvents(buffer: string, keep: (rest: string) => void): string[] {
  const parts = buffer.replace(/\r\n?/g, '\n').split('\n\n');
  keep(parts.pop() ?? '');
  return parts.flatMap((event) => {
    const data = event
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(line[5] === ' ' ? 6 : 5));
    return data.length ? [data.join('\n')] : [];
  });
}

/** The SSE transport: one request per message; `stop` aborts it (the server then aborts upstream). */
export function sseTransport(args: TransportArgs): Transport {
  const inflight = new Map<string, AbortController>();
  let events: EventSource | undefined;
  const listen = (): void => {
    const conv = args.conversation();
    if (events || !conv) return;
    const q = new URLSearchParams({
      siteKey: args.siteKey,
      conversationId: conv.id,
      conversationToken: conv.token,
      lastEventId: String(args.lastSeq()),
    });
    events = new EventSource(`${args.endpoint}/v1/chat/events?${q}`);
    // What happens between turns (and an action's question, should it come here rather than in a turn's stream).
    const on = (e: MessageEvent<string>) => args.onFrame(JSON.parse(e.data) as ServerFrame);
    for (const type of ['agent', 'handoff', 'typing', 'closed', 'offline_received', 'confirm']) events.addEventListener(type, on);
  };
  queueMicrotask(() => {
    args.onLink(true);
    listen();
  });
  return {
    kind: 'sse',
    send(message, after) {
      const controller = new AbortController();
      inflight.set(message.id, controller);
      sendOverSse({ ...args, message, signal: controller.signal, after }).finally(() => {
        inflight.delete(message.id);
        listen();
      });
    },
    stop(id) {
      inflight.get(id)?.abort();
    },
    tell({ type, ...fields }) {
      const conv = args.conversation();
      const token = args.visitorToken();
      if (!conv) return;
      // A lost rating or answer must never disturb the chat. text/plain: no CORS preflight. A confirm's answer
      // is answered with the reply it leads to, as SSE; a refused one (lapsed, already answered) shows nothing more.
      fetch(`${args.endpoint}/v1/${type}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain;charset=UTF-8', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ siteKey: args.siteKey, conversationId: conv.id, conversationToken: conv.token, ...fields }),
        keepalive: type !== 'confirm',
      })
        .then((res) => type === 'confirm' && res.ok && res.body && readFrames(res.body, args.onFrame))
        .catch(() => undefined);
    },
    close() {
      for (const controller of inflight.values()) controller.abort();
      events?.close();
    },
  };
}
