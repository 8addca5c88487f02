/**
 * The OpenAI-compatible chat-completions request accepted by `POST /v1/chat/completions`: the subset
 * the gateway honours (unknown fields are ignored, as OpenAI's SDKs send extras). `model` names a tier.
 */
import { z } from 'zod';
import type { Tier } from './protocol';

/** `model` values and the tier each selects. */
export const TIER_MODELS: Readonly<Record<string, Tier>> = {
  'parley-fast': 'fast',
  'parley-default': 'default',
  'parley-premium': 'premium',
};

const TextPart = z.object({ type: z.literal('text'), text: z.string() });

export const OpenAiMessage = z.object({
  role: z.enum(['system', 'developer', 'user', 'assistant']),
  content: z.union([z.string(), z.array(TextPart)]),
});
export type OpenAiMessage = z.infer<typeof OpenAiMessage>;

export const OpenAiChatRequest = z.object({
  model: z.string().min(1).max(128),
  messages: z.array(OpenAiMessage).min(1).max(200),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  stop: z.union([z.string().min(1), z.array(z.string().min(1)).max(4)]).nullish(),
});
export type OpenAiChatRequest = z.infer<typeof OpenAiChatRequest>;
