/**
 * Function tools on `POST /v1/chat/completions`: the request's messages as the turn's window (the last
 * user message is the turn's text; assistant calls and `tool` results after it ride along as `after`),
 * and the model's calls shaped back the way OpenAI's SDKs read them.
 */
import type { OpenAiChatRequest, OpenAiMessage } from '../../shared/openai';
import type { ToolCallEvent } from '../../shared/protocol';
import { ParleyError } from '../errors';
import type { TurnInput } from '../pipeline/turn';
import type { ChatTurnMessage, ProviderTools, ToolCall } from '../providers/types';

export const textOf = (m: OpenAiMessage): string =>
  m.content == null ? '' : typeof m.content === 'string' ? m.content : m.content.map((p) => p.text).join('');

/** One request message as a window message (`developer` is a system message to every provider). */
export function turnMessage(m: OpenAiMessage): ChatTurnMessage {
  if (m.role === 'tool') return { role: 'tool', content: textOf(m), toolCallId: m.tool_call_id };
  if (m.role === 'assistant' && m.tool_calls?.length) return { role: 'assistant', content: textOf(m), toolCalls: m.tool_calls };
  return { role: m.role === 'developer' ? 'system' : m.role, content: textOf(m) };
}

/** The request split for the turn: the last user message, the messages before it, and the tools. */
export function splitRequest(req: OpenAiChatRequest): { last: OpenAiMessage; before: OpenAiMessage[]; tools?: TurnInput['tools'] } {
  let at = req.messages.length - 1;
  while (at >= 0 && req.messages[at]?.role !== 'user') at--;
  const last = req.messages[at];
  const after = req.messages.slice(at + 1);
  if (!last || after.some((m) => m.role !== 'assistant' && m.role !== 'tool')) {
    throw new ParleyError('bad_request', 'The last message must be from the user, or tool calls and results after it.');
  }
  if (after.length && after.at(-1)?.role !== 'tool') {
    throw new ParleyError('bad_request', 'Messages after the last user message must end with a tool result.');
  }
  const before = req.messages.slice(0, at);
  const hasTraffic = after.length > 0 || before.some((m) => m.role === 'tool');
  if (!req.tools?.length && !hasTraffic) return { last, before };
  const tools: ProviderTools & { after: ChatTurnMessage[] } = { tools: req.tools ?? [], after: after.map(turnMessage) };
  if (req.tool_choice != null) tools.choice = req.tool_choice;
  if (req.parallel_tool_calls != null) tools.parallel = req.parallel_tool_calls;
  return { last, before, tools };
}

/** The streamed delta for a call fragment: `id`, `type` and `name` only on a call's first fragment. */
export function toolCallDelta(ev: ToolCallEvent): Record<string, unknown> {
  const fn: Record<string, string> = { arguments: ev.arguments };
  if (ev.name !== undefined) fn.name = ev.name;
  const call: Record<string, unknown> = { index: ev.index };
  if (ev.id !== undefined) {
    call.id = ev.id;
    call.type = 'function';
  }
  call.function = fn;
  return { tool_calls: [call] };
}

/** Reassembles streamed fragments into whole calls, for the non-streaming response. */
export class ToolCallCollector {
  private readonly calls: ToolCall[] = [];

  add(ev: ToolCallEvent): void {
    let call = this.calls[ev.index];
    if (!call) {
      call = { id: '', type: 'function', function: { name: '', arguments: '' } };
      this.calls[ev.index] = call;
    }
    if (ev.id) call.id = ev.id;
    if (ev.name) call.function.name += ev.name;
    call.function.arguments += ev.arguments;
  }

  /** The calls in index order, or undefined when the model called none. */
  result(): ToolCall[] | undefined {
    const out = this.calls.filter(Boolean);
    return out.length ? out : undefined;
  }
}
