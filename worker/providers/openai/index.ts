/**
 * OpenAI-compatible chat-completions streaming adapter (DeepSeek, SiliconFlow, OpenAI, Groq, vLLM,
 * Ollama). Pure pieces (`toRequestBody`, `parseChunk`) plus one streaming reader built on
 * eventsource-parser. `reasoning_content` (DeepSeek's chain of thought) is never surfaced.
 */
import { EventSourceParserStream } from 'eventsource-parser/stream';
import { ParleyError } from '../../errors';
import type { Provider, ProviderChunk, ProviderRequest } from '../types';

export interface OpenAiCompatibleOptions {
  id: string;
  baseUrl: string;
  /** Name of the secret holding the bearer key. */
  apiKeySecret: string;
}

/** The JSON body for `POST {base}/chat/completions`. */
export function toRequestBody(req: ProviderRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: req.model,
    messages: req.messages,
    stream: true,
    stream_options: { include_usage: true },
  };
  if (req.params.temperature !== undefined) body.temperature = req.params.temperature;
  if (req.params.topP !== undefined) body.top_p = req.params.topP;
  if (req.params.maxTokens !== undefined) body.max_tokens = req.params.maxTokens;
  if (req.params.stop?.length) body.stop = req.params.stop;
  return body;
}

interface StreamChunk {
  choices?: { delta?: { content?: string | null; reasoning_content?: string | null }; finish_reason?: string | null }[];
  usage?: {
    prompt_tokens?: number;
    completion_tokens?: number;
    prompt_cache_hit_tokens?: number;
    prompt_tokens_details?: { cached_tokens?: number };
  } | null;
  error?: { message?: string };
}

/** Turn one `data:` payload into chunks. Throws `upstream_error` on JSON that is not a chunk. */
export function parseChunk(data: string): ProviderChunk[] {
  let json: StreamChunk;
  try {
    json = JSON.parse(data) as StreamChunk;
  } catch (cause) {
    throw new ParleyError('upstream_error', 'The model provider sent a malformed stream event.', { retryable: true, cause });
  }
  if (typeof json !== 'object' || json === null) {
    throw new ParleyError('upstream_error', 'The model provider sent a malformed stream event.', { retryable: true });
  }
  if (json.error) throw new ParleyError('upstream_error', 'The model provider reported an error mid-stream.', { retryable: true });
  const out: ProviderChunk[] = [];
  const choice = json.choices?.[0];
  const text = choice?.delta?.content;
  if (typeof text === 'string' && text.length > 0) out.push({ type: 'text', text });
  if (choice?.finish_reason === 'stop' || choice?.finish_reason === 'length') out.push({ type: 'finish', reason: choice.finish_reason });
  if (json.usage) {
    out.push({
      type: 'usage',
      usage: {
        inputTokens: json.usage.prompt_tokens ?? 0,
        outputTokens: json.usage.completion_tokens ?? 0,
        cachedInputTokens: json.usage.prompt_cache_hit_tokens ?? json.usage.prompt_tokens_details?.cached_tokens ?? 0,
      },
    });
  }
  return out;
}

/** Map a non-2xx upstream status to a typed error (never echoing the body, which may quote the key). */
export function upstreamStatusError(status: number, retryAfter: string | null): ParleyError {
  const after = retryAfter !== null && /^\d+(\.\d+)?$/.test(retryAfter) ? Number(retryAfter) : undefined;
  if (status === 429)
    return new ParleyError('upstream_unavailable', 'The model provider is rate limiting us.', { retryable: true, retryAfter: after });
  if (status >= 500) return new ParleyError('upstream_unavailable', `The model provider failed (HTTP ${status}).`, { retryable: true });
  return new ParleyError('upstream_error', `The model provider refused the request (HTTP ${status}).`, { retryable: false });
}

export function openAiCompatible(opts: OpenAiCompatibleOptions): Provider {
  return {
    id: opts.id,
    async *stream(req, ctx) {
      const key = ctx.secrets[opts.apiKeySecret];
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream' };
      if (key) headers.authorization = `Bearer ${key}`;
      let res: Response;
      try {
        res = await ctx.fetch(`${opts.baseUrl.replace(/\/+$/, '')}/chat/completions`, {
          method: 'POST',
          headers,
          body: JSON.stringify(toRequestBody(req)),
          signal: ctx.signal,
        });
      } catch (cause) {
        if (ctx.signal.aborted) throw new ParleyError('timeout', 'The request was cancelled.', { retryable: true, cause });
        throw new ParleyError('upstream_unavailable', 'Could not reach the model provider.', { retryable: true, cause });
      }
      if (!res.ok || !res.body) {
        await res.body?.cancel();
        throw upstreamStatusError(res.status, res.headers.get('retry-after'));
      }
      const events = res.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
      const reader = events.getReader();
      let finished = false;
      try {
        while (true) {
          let step: ReadableStreamReadResult<{ data: string }>;
          try {
            step = await reader.read();
          } catch (cause) {
            if (ctx.signal.aborted) return;
            throw new ParleyError('upstream_unavailable', 'The model provider dropped the connection.', { retryable: true, cause });
          }
          if (step.done) break;
          const data = step.value.data;
          if (data === '[DONE]') {
            finished = true;
            break;
          }
          for (const chunk of parseChunk(data)) yield chunk;
        }
      } finally {
        reader.cancel().catch(() => {});
      }
      if (!finished && !ctx.signal.aborted) {
        throw new ParleyError('upstream_unavailable', 'The model provider ended the stream early.', { retryable: true });
      }
    },
  };
}
