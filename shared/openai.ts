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

const Content = z.union([z.string(), z.array(TextPart)]);

/** One function call the model asked for; `arguments` is the JSON text the model wrote. */
export const OpenAiToolCall = z.object({
  id: z.string().min(1).max(256),
  type: z.literal('function'),
  function: z.object({ name: z.string().min(1).max(64), arguments: z.string().max(64 * 1024) }),
});
export type OpenAiToolCall = z.infer<typeof OpenAiToolCall>;

const TextMessage = z.object({ role: z.enum(['system', 'developer', 'user']), content: Content });
const AssistantMessage = z.object({
  role: z.literal('assistant'),
  content: Content.nullish(),
  tool_calls: z.array(OpenAiToolCall).max(64).nullish(),
});
const ToolMessage = z.object({ role: z.literal('tool'), tool_call_id: z.string().min(1).max(256), content: Content });

export const OpenAiMessage = z.discriminatedUnion('role', [TextMessage, AssistantMessage, ToolMessage]);
export type OpenAiMessage = z.infer<typeof OpenAiMessage>;

/** A function tool: its name, what it does, and its arguments as a JSON Schema object. */
export const OpenAiTool = z.object({
  type: z.literal('function'),
  function: z.object({
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'a tool name is 1–64 letters, digits, _ or -'),
    description: z.string().max(4096).nullish(),
    parameters: z.record(z.string(), z.unknown()).nullish(),
    strict: z.boolean().nullish(),
  }),
});
export type OpenAiTool = z.infer<typeof OpenAiTool>;

export const OpenAiToolChoice = z.union([
  z.enum(['auto', 'none', 'required']),
  z.object({ type: z.literal('function'), function: z.object({ name: z.string().min(1).max(64) }) }),
]);
export type OpenAiToolChoice = z.infer<typeof OpenAiToolChoice>;

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
  tools: z.array(OpenAiTool).max(128).nullish(),
  tool_choice: OpenAiToolChoice.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
});
export type OpenAiChatRequest = z.infer<typeof OpenAiChatRequest>;
