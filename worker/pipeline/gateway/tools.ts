/**
 * Function tools per link: a provider that can call them gets the caller's tools and the whole window;
 * one that cannot (the FAQ responder, Workers AI here) answers without them when the caller let the
 * model choose (`tool_choice` auto or absent), and is refused with a typed 400 otherwise.
 */
import { ParleyError } from '../../errors';
import type { ProviderLink } from '../../providers/registry';
import type { ChatTurnMessage, ProviderRequest, ProviderTools, SamplingParams } from '../../providers/types';

/** The window without tool traffic: calls and their results mean nothing to a provider without tools. */
function withoutTools(messages: readonly ChatTurnMessage[]): ChatTurnMessage[] {
  return messages.filter((m) => m.role !== 'tool' && !(m.role === 'assistant' && m.toolCalls?.length && !m.content));
}

/** The request for one link. Throws `bad_request` when tools are required and the link cannot call them. */
export function linkRequest(
  link: ProviderLink,
  messages: ChatTurnMessage[],
  params: SamplingParams,
  tools: ProviderTools | undefined,
): ProviderRequest {
  if (!tools?.tools.length) return { model: link.model, messages, params };
  if (link.provider.supportsTools) return { model: link.model, messages, params, tools };
  if (tools.choice === undefined || tools.choice === 'auto' || tools.choice === 'none') {
    return { model: link.model, messages: withoutTools(messages), params };
  }
  throw new ParleyError('bad_request', `The provider answering this tier (${link.provider.id}) cannot call tools; use tool_choice "auto".`);
}
