import type { SiteConfig } from '../../shared/config';

/** A function call the model made, in OpenAI's wire shape (`arguments` is JSON text). */
export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/**
 * One message of the provider's window. An assistant message may carry the `toolCalls` it made; a
 * `tool` message answers one of them (`toolCallId`) with its result as `content`.
 */
export interface ChatTurnMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  toolCalls?: ToolCall[];
  toolCallId?: string;
}

/** The caller's function tools, forwarded as given to providers that can call them. */
export interface ProviderTools {
  tools: { type: 'function'; function: { name: string; description?: string | null; parameters?: unknown; strict?: boolean | null } }[];
  choice?: 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };
  parallel?: boolean;
}

export type { SamplingParams } from '../../shared/config';

import type { SamplingParams } from '../../shared/config';

/** What a provider is asked for: a model, a message window and sampling parameters. */
export interface ProviderRequest {
  model: string;
  messages: ChatTurnMessage[];
  params: SamplingParams;
  /** Function tools (OpenAI-compatible API only); only sent to a provider with `supportsTools`. */
  tools?: ProviderTools;
}

/** Token counts reported by a provider's final usage chunk. */
export interface ProviderUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
}

/**
 * How a provider's stream ended: complete (`stop`), at the token limit (`length`), cut by the provider's
 * content filter (`filtered`), or any other reason the provider gave up (`error`, e.g. DeepSeek's
 * `insufficient_system_resource`).
 */
export type ProviderFinish = 'stop' | 'length' | 'tool_calls' | 'filtered' | 'error';

/**
 * A fragment of a streamed function call, as OpenAI-compatible providers send them: the first
 * fragment of call `index` carries its `id` and `name`, later ones more of its `arguments` text.
 */
export interface ToolCallFragment {
  index: number;
  id?: string;
  name?: string;
  arguments: string;
}

/**
 * One piece of a provider's streamed answer. `reasoning` marks a chain-of-thought chunk (DeepSeek's
 * `reasoning_content`): the model is working, so it is progress, but it carries no text for the visitor.
 */
export type ProviderChunk =
  | { type: 'text'; text: string }
  | { type: 'reasoning' }
  | { type: 'tool_call'; call: ToolCallFragment }
  | { type: 'usage'; usage: ProviderUsage }
  | { type: 'finish'; reason: ProviderFinish };

/** A numbered source of the site's knowledge the turn retrieved (the model cites it as `[n]`). */
export interface GroundingSource {
  n: number;
  title: string;
  url?: string;
  text: string;
}

/** What a provider may use: the network, the site it answers for, and a cancel signal (credentials are built in, from env). */
export interface ProviderContext {
  fetch: typeof fetch;
  site: SiteConfig;
  signal: AbortSignal;
  /** The sources the turn retrieved, best first (the built-in responder answers from them). */
  knowledge?: readonly GroundingSource[];
}

/** A provider adapter: streams chunks for a request; throws ParleyError on failure. */
export interface Provider {
  readonly id: string;
  /** Identity of this provider instance (id + endpoint) for circuit breakers; defaults to `id`. */
  readonly key?: string;
  /** True when the provider forwards function tools and streams `tool_call` chunks. */
  readonly supportsTools?: boolean;
  stream(req: ProviderRequest, ctx: ProviderContext): AsyncIterable<ProviderChunk>;
}
