/**
 * OpenAI-compatible chat-completions streaming adapter (DeepSeek, SiliconFlow, OpenAI, Groq, vLLM,
 * Ollama). Pure pieces (`toRequestBody`, `parseChunk`) plus the shared streaming reader
 * (`sse-reader`). `reasoning_content` (DeepSeek's chain of thought) becomes a `reasoning` chunk, progress
 * without its text, which is never surfaced.
 */
import type { TokenSource } from '../auth/oauth2';
import { ProviderError, upstreamStatusError } from '../errors';
import { sseData } from '../sse-reader';
import type { Provider, ProviderChunk, ProviderFinish, ProviderRequest } from '../types';
import { addTools, toolFragments, wireMessage } from './tools';

export interface OpenAiCompatibleOptions {
  id: string;
  baseUrl: string;
  /** The bearer key itself (from a Worker secret). */
  apiKey?: string;
  /** Or OAuth2 client-credentials tokens. */
  tokenSource?: TokenSource;
}

/** The JSON body for `POST {base}/chat/completions`. */
export function toRequestBody(req: ProviderRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: req.model,
    messages: req.messages.map(wireMessage),
    stream: true,
    stream_options: { include_usage: true },
  };
  if (req.params.temperature !== undefined) body.temperature = req.params.temperature;
  if (req.params.topP !== undefined) body.top_p = req.params.topP;
  if (req.params.maxTokens !== undefined) body.max_tokens = req.params.maxTokens;
  if (req.params.stop?.length) body.stop = req.params.stop;
  addTools(body, req);
  return body;
}

interface StreamChunk {
  choices?: {
    delta?: { content?: string | null; reasoning_content?: string | null; tool_calls?: unknown };
    finish_reason?: string | null;
  }[];
  usage?: {
    prompt_tokens?: number;
    completion_tokens?: number;
    prompt_cache_hit_tokens?: number;
    prompt_tokens_details?: { cached_tokens?: number };
  } | null;
  error?: { message?: string };
}

/** A `finish_reason` as a ProviderFinish: anything but a complete or length-limited answer is not a clean end. */
function finishOf(reason: string): ProviderFinish {
  if (reason === 'stop' || reason === 'length' || reason === 'tool_calls') return reason;
  return reason === 'content_filter' ? 'filtered' : 'error';
}

/** Turn one `data:` payload into chunks. Throws `upstream_error` on JSON that is not a chunk. */
export function parseChunk(data: string): ProviderChunk[] {
  let json: StreamChunk;
  try {
    json = JSON.parse(data) as StreamChunk;
  } catch (cause) {
    throw new ProviderError('upstream_error', 'The model provider sent a malformed stream event.', { retryable: true, cause });
  }
  if (typeof json !== 'object' || json === null) {
    throw new ProviderError('upstream_error', 'The model provider sent a malformed stream event.', { retryable: true });
  }
  if (json.error) throw new ProviderError('upstream_error', 'The model provider reported an error mid-stream.', { retryable: true });
  const out: ProviderChunk[] = [];
  const choice = json.choices?.[0];
  const text = choice?.delta?.content;
  const reasoning = choice?.delta?.reasoning_content;
  if (typeof reasoning === 'string' && reasoning.length > 0) out.push({ type: 'reasoning' });
  if (typeof text === 'string' && text.length > 0) out.push({ type: 'text', text });
  for (const call of toolFragments(choice?.delta?.tool_calls)) out.push({ type: 'tool_call', call });
  const finish = choice?.finish_reason;
  if (typeof finish === 'string' && finish.length > 0) out.push({ type: 'finish', reason: finishOf(finish) });
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

export { upstreamStatusError };

/** Read an error body's OpenAI-style `error.code`/`error.type` (bounded; the body itself is never surfaced). */
async function errorCodeOf(res: Response): Promise<string | null> {
  try {
    const text = (await res.text()).slice(0, 4096);
    const json = JSON.parse(text) as { error?: { code?: unknown; type?: unknown } };
    const code = json.error?.code ?? json.error?.type;
    return typeof code === 'string' ? code : null;
  } catch {
    return null;
  }
}

/** Build an OpenAI-compatible provider. Credentials are captured here, once, never per request. */
export function openAiCompatible(opts: OpenAiCompatibleOptions): Provider {
  const url = `${opts.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const staticHeaders: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream' };
  if (opts.apiKey) staticHeaders.authorization = `Bearer ${opts.apiKey}`;
  return {
    id: opts.id,
    key: `${opts.id} ${url}`,
    supportsTools: true,
    async *stream(req, ctx) {
      let headers = staticHeaders;
      if (opts.tokenSource) {
        headers = { ...staticHeaders, authorization: `Bearer ${await opts.tokenSource.token(ctx.signal)}` };
      }
      let res: Response;
      try {
        res = await ctx.fetch(url, { method: 'POST', headers, body: JSON.stringify(toRequestBody(req)), signal: ctx.signal });
      } catch (cause) {
        if (ctx.signal.aborted) throw new ProviderError('timeout', 'The request was cancelled.', { retryable: true, cause });
        throw new ProviderError('upstream_unavailable', 'Could not reach the model provider.', { retryable: true, cause });
      }
      if (!res.ok || !res.body) {
        const code = res.body ? await errorCodeOf(res) : null;
        throw upstreamStatusError(res.status, res.headers.get('retry-after'), code);
      }
      let finished = false;
      for await (const data of sseData(res.body, ctx.signal, { end: '[DONE]' })) {
        if (data === '[DONE]') {
          finished = true;
          break;
        }
        for (const chunk of parseChunk(data)) yield chunk;
      }
      if (!finished && !ctx.signal.aborted) {
        throw new ProviderError('upstream_unavailable', 'The model provider ended the stream early.', { retryable: true });
      }
    },
  };
}
