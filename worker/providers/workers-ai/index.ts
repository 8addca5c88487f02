/**
 * Workers AI through the optional `AI` binding (add `[ai] binding = "AI"` to wrangler.toml to use it).
 * `run(model, { messages, stream: true })` answers with an SSE stream of `{ response }` events and a
 * final `usage`; it is read with the same event parser as the OpenAI-compatible adapter.
 */
import { ProviderError } from '../errors';
import { sseData } from '../sse-reader';
import type { Provider, ProviderChunk } from '../types';

/** The slice of the `Ai` binding this adapter uses. */
export interface AiBinding {
  run(model: string, inputs: Record<string, unknown>, options?: Record<string, unknown>): Promise<unknown>;
}

/** Turn one Workers AI `data:` payload into chunks. */
export function parseWorkersAiChunk(data: string): ProviderChunk[] {
  let json: { response?: unknown; usage?: { prompt_tokens?: number; completion_tokens?: number } | null };
  try {
    json = JSON.parse(data) as typeof json;
  } catch (cause) {
    throw new ProviderError('upstream_error', 'Workers AI sent a malformed stream event.', { retryable: true, cause });
  }
  const out: ProviderChunk[] = [];
  if (typeof json.response === 'string' && json.response.length > 0) out.push({ type: 'text', text: json.response });
  if (json.usage) {
    out.push({
      type: 'usage',
      usage: { inputTokens: json.usage.prompt_tokens ?? 0, outputTokens: json.usage.completion_tokens ?? 0, cachedInputTokens: 0 },
    });
  }
  return out;
}

/** The Workers AI provider over a binding. */
export function workersAi(ai: AiBinding): Provider {
  return {
    id: 'workers-ai',
    async *stream(req, ctx) {
      const inputs: Record<string, unknown> = { messages: req.messages, stream: true };
      if (req.params.temperature !== undefined) inputs.temperature = req.params.temperature;
      if (req.params.topP !== undefined) inputs.top_p = req.params.topP;
      if (req.params.maxTokens !== undefined) inputs.max_tokens = req.params.maxTokens;
      let out: unknown;
      try {
        out = await ai.run(req.model, inputs, { signal: ctx.signal });
      } catch (cause) {
        if (ctx.signal.aborted) throw new ProviderError('timeout', 'The request was cancelled.', { retryable: true, cause });
        throw new ProviderError('upstream_unavailable', 'Workers AI failed.', { retryable: true, cause });
      }
      if (!(out instanceof ReadableStream)) {
        const text = (out as { response?: unknown } | null)?.response;
        if (typeof text === 'string' && text) yield { type: 'text', text };
        yield { type: 'finish', reason: 'stop' };
        return;
      }
      for await (const data of sseData(out as ReadableStream<Uint8Array>, ctx.signal)) {
        if (data === '[DONE]') break;
        for (const chunk of parseWorkersAiChunk(data)) yield chunk;
      }
      yield { type: 'finish', reason: 'stop' };
    },
  };
}
