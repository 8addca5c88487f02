/**
 * Serialise a turn's events as an SSE response (`event:` = frame type, `data:` = frame JSON, `id:` =
 * seq), pulled by the client rather than pushed through a TransformStream: one enqueue per frame, and
 * a client that goes away cancels the pull, which aborts the turn (and with it the upstream fetch).
 */
import type { ServerFrame, TurnEvent } from '../../shared/protocol';
import { encodeSseFrame } from '../../shared/sse';

const enc = new TextEncoder();

export interface SseOptions {
  headers?: Record<string, string>;
  /** An event already pulled from `events` (e.g. to decide headers); sent first. */
  first?: IteratorResult<TurnEvent>;
  /** Everything is in memory (a cache hit): send all frames in one write instead of one each. */
  batch?: boolean;
}

/** The SSE response for a turn; `abort` is fired when the client disconnects. */
export function sseResponse(events: AsyncGenerator<TurnEvent>, abort: AbortController, opts: SseOptions = {}): Response {
  let seq = 0;
  let pending = opts.first;
  const next = async (): Promise<IteratorResult<TurnEvent>> => {
    if (pending) {
      const step = pending;
      pending = undefined;
      return step;
    }
    return events.next();
  };
  const encode = (ev: TurnEvent) => encodeSseFrame({ ...ev, seq: ++seq } as ServerFrame);
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(ctl) {
        let step = await next();
        if (step.done) return ctl.close();
        if (!opts.batch) return ctl.enqueue(enc.encode(encode(step.value)));
        let out = '';
        while (!step.done) {
          out += encode(step.value);
          step = await next();
        }
        ctl.enqueue(enc.encode(out));
        ctl.close();
      },
      async cancel() {
        abort.abort();
        await events.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, {
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-accel-buffering': 'no', ...opts.headers },
  });
}
