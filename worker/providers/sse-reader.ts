/**
 * The one streaming reader under every SSE provider: bytes → `data:` payloads, without piping through
 * TransformStreams (each pipe costs a promise hop per chunk on the hot path). Comments such as
 * `: keep-alive` are dropped here, so they can never count as progress.
 */
import { createParser } from 'eventsource-parser';
import { ProviderError } from './errors';

/**
 * Yield each event's `data` until the body ends. A read failure is `upstream_unavailable`, unless
 * `signal` aborted it, in which case the reader just stops.
 */
export async function* sseData(body: ReadableStream<Uint8Array>, signal: AbortSignal): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let pending: string[] = [];
  const parser = createParser({ onEvent: (e) => pending.push(e.data) });
  try {
    while (true) {
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await reader.read();
      } catch (cause) {
        if (signal.aborted) return;
        throw new ProviderError('upstream_unavailable', 'The model provider dropped the connection.', { retryable: true, cause });
      }
      if (step.done) return;
      parser.feed(decoder.decode(step.value, { stream: true }));
      if (pending.length === 0) continue;
      const batch = pending;
      pending = [];
      for (const data of batch) yield data;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}
