/**
 * Serialise a turn's events as an SSE response (`event:` = frame type, `data:` = frame JSON, `id:` =
 * seq), pulled by the client rather than pushed through a TransformStream: one enqueue per frame, and
 * a client that goes away cancels the pull, which aborts the turn (and with it the upstream fetch).
 */
import type { ServerFrame, TurnEvent } from '../../shared/protocol';

const enc = new TextEncoder();

/** The SSE response for a turn; `abort` is fired when the client disconnects. */
export function sseResponse(events: AsyncGenerator<TurnEvent>, abort: AbortController, headers: Record<string, string> = {}): Response {
  let seq = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(ctl) {
        const step = await events.next();
        if (step.done) return ctl.close();
        seq++;
        const frame = { ...step.value, seq } as ServerFrame;
        ctl.enqueue(enc.encode(`event: ${frame.type}\ndata: ${JSON.stringify(frame)}\nid: ${seq}\n\n`));
      },
      async cancel() {
        abort.abort();
        await events.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, {
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-accel-buffering': 'no', ...headers },
  });
}
