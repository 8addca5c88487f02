/**
 * DeepSeek: OpenAI-compatible, with specifics handled by the shared parser — `reasoning_content`
 * (deepseek-reasoner's chain of thought) counts as progress but is never surfaced, `content_filter` and
 * `insufficient_system_resource` finishes are not clean stops, and `prompt_cache_hit_tokens` is counted
 * as cached input and priced at the cache-hit rate.
 */
import type { TokenSource } from '../auth/oauth2';
import { openAiCompatible } from '../openai';
import type { Provider } from '../types';

export const DEEPSEEK_BASE_URL = 'https://api.deepseek.com';
export const DEEPSEEK_MODELS = { chat: 'deepseek-chat', reasoner: 'deepseek-reasoner' } as const;

/** The DeepSeek provider. */
export function deepseek(opts: { apiKey?: string; baseUrl?: string; tokenSource?: TokenSource }): Provider {
  return openAiCompatible({
    id: 'deepseek',
    baseUrl: opts.baseUrl ?? DEEPSEEK_BASE_URL,
    apiKey: opts.apiKey,
    tokenSource: opts.tokenSource,
  });
}
