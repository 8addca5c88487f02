import type { SiteConfig } from '../../shared/config';

export interface ChatTurnMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export type { SamplingParams } from '../../shared/config';

import type { SamplingParams } from '../../shared/config';

/** What a provider is asked for: a model, a message window and sampling parameters. */
export interface ProviderRequest {
  model: string;
  messages: ChatTurnMessage[];
  params: SamplingParams;
}

/** Token counts reported by a provider's final usage chunk. */
export interface ProviderUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
}

/** One piece of a provider's streamed answer. */
export type ProviderChunk =
  | { type: 'text'; text: string }
  | { type: 'usage'; usage: ProviderUsage }
  | { type: 'finish'; reason: 'stop' | 'length' };

/** What a provider may use: the network, the site it answers for, and a cancel signal (credentials are built in, from env). */
export interface ProviderContext {
  fetch: typeof fetch;
  site: SiteConfig;
  signal: AbortSignal;
}

/** A provider adapter: streams chunks for a request; throws ParleyError on failure. */
export interface Provider {
  readonly id: string;
  /** Identity of this provider instance (id + endpoint) for circuit breakers; defaults to `id`. */
  readonly key?: string;
  stream(req: ProviderRequest, ctx: ProviderContext): AsyncIterable<ProviderChunk>;
}
