import { describe, expect, it } from 'vitest';
import { sseData } from '../../worker/providers/sse-reader';

const enc = new TextEncoder();

/** A body that serves `parts` one read at a time, then closes (or stays open when `hold`); records how it ended. */
function body(parts: string[], hold = false) {
  const seen = { cancelled: false, pulledToEnd: false };
  let i = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(ctl) {
      if (i < parts.length) return ctl.enqueue(enc.encode(parts[i++] as string));
      if (hold) return new Promise<void>(() => {});
      seen.pulledToEnd = true;
      ctl.close();
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  return { stream, seen };
}

/** Read payloads the way a provider does: stop at `[DONE]`, or after `stopAfter` payloads. */
async function consume(stream: ReadableStream<Uint8Array>, signal: AbortSignal, stopAfter = Number.POSITIVE_INFINITY) {
  const got: string[] = [];
  for await (const data of sseData(stream, signal, { end: '[DONE]' })) {
    got.push(data);
    if (data === '[DONE]' || got.length >= stopAfter) break;
  }
  return got;
}

describe('sseData', () => {
  it('reads the body to its end after [DONE] instead of cancelling it (so its connection can be reused)', async () => {
    const { stream, seen } = body([': keep-alive\n\ndata: {"a":1}\n\n', 'data: [DONE]\n\n', '']);
    expect(await consume(stream, new AbortController().signal)).toEqual(['{"a":1}', '[DONE]']);
    expect(seen).toEqual({ cancelled: false, pulledToEnd: true });
  });

  it('cancels a body that stays open after [DONE], within a bounded wait', async () => {
    const { stream, seen } = body(['data: x\n\ndata: [DONE]\n\n'], true);
    const t0 = Date.now();
    expect(await consume(stream, new AbortController().signal)).toEqual(['x', '[DONE]']);
    expect(seen.cancelled).toBe(true);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('cancels at once when the reader stops before the end (a blocked reply, a gone client)', async () => {
    const { stream, seen } = body(['data: one\n\n', 'data: two\n\n', 'data: [DONE]\n\n']);
    expect(await consume(stream, new AbortController().signal, 1)).toEqual(['one']);
    expect(seen).toEqual({ cancelled: true, pulledToEnd: false });
  });

  it('never drains an aborted stream', async () => {
    const ctl = new AbortController();
    const { stream, seen } = body(['data: [DONE]\n\n'], true);
    const got: string[] = [];
    for await (const data of sseData(stream, ctl.signal, { end: '[DONE]' })) {
      got.push(data);
      ctl.abort();
      break;
    }
    expect(got).toEqual(['[DONE]']);
    expect(seen.cancelled).toBe(true);
  });
});
