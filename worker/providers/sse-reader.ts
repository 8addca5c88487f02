/**
 * The one streaming reader under every SSE provider: bytes → `data:` payloads, without piping through
 * TransformStreams (each pipe costs a promise hop per chunk on the hot path). Comments such as
 * `: keep-alive` are dropped here, so they can never count as progress.
 */
import { createParser } from 'eventsource-parser';
import { ProviderError } from './errors';

export interface SseReadOptions {
  /**
   * The payload that ends the stream (`[DONE]`). When the caller stops right after it, the rest of the
   * body (normally just the chunked-encoding terminator, already received) is read to its end instead of
   * cancelled: a cancelled body cannot go back to the connection pool, so every request would pay for a
   * new connection to the provider.
   */
  end?: string;
}

/** How long to wait for the end of a body after its end payload before giving up and cancelling it. */
export const DRAIN_MS = 250;

/** Read what is left of a body to its end, within `ms`; true when the end was reached. */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, ms: number): Promise<boolean> {
  let giveUp: (v: null) => void = () => {};
  const late = new Promise<null>((resolve) => {
    giveUp = resolve;
  });
  const timer = setTimeout(() => giveUp(null), ms);
  try {
    for (let reads = 0; reads < 8; reads++) {
      const step = await Promise.race([reader.read(), late]);
      if (step === null) return false;
      if (step.done) return true;
    }
    return false;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Yield each event's `data` until the body ends. A read failure is `upstream_unavailable`, unless
 * `signal` aborted it, in which case the reader just stops.
 */
export async function* sseData(body: ReadableStream<Uint8Array>, signal: AbortSignal, opts: SseReadOptions = {}): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let pending: string[] = [];
  const parser = createParser({ onEvent: (e) => pending.push(e.data) });
  let ended = false;
  let last: string | undefined;
  try {
    while (true) {
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await reader.read();
      } catch (cause) {
        if (signal.aborted) return;
        throw new ProviderError('upstream_unavailable', 'The model provider dropped the connection.', { retryable: true, cause });
      }
      if (step.done) {
        ended = true;
        return;
      }
      parser.feed(decoder.decode(step.value, { stream: true }));
      if (pending.length === 0) continue;
      const batch = pending;
      pending = [];
      for (const data of batch) {
        last = data;
        yield data;
      }
    }
  } finally {
    // Stopped right after the end payload (and not aborted): finish the body so its connection is reused.
    const clean = !ended && opts.end !== undefined && last === opts.end && pending.length === 0 && !signal.aborted;
    if (!ended && !(clean && (await drain(reader, DRAIN_MS)))) reader.cancel().catch(() => {});
  }
}
