/**
 * Function tools on the OpenAI-compatible wire (DeepSeek, OpenAI and the rest document one shape):
 * messages and tools out, `delta.tool_calls` fragments back in.
 */
import type { ChatTurnMessage, ProviderRequest, ToolCallFragment } from '../types';

/** A window message on the wire: assistant `tool_calls` (content may be null), `tool` results by `tool_call_id`. */
export function wireMessage(m: ChatTurnMessage): Record<string, unknown> {
  if (m.role === 'tool') return { role: 'tool', tool_call_id: m.toolCallId ?? '', content: m.content };
  if (m.role === 'assistant' && m.toolCalls?.length) {
    return { role: 'assistant', content: m.content.length > 0 ? m.content : null, tool_calls: m.toolCalls };
  }
  return { role: m.role, content: m.content };
}

/** Add the request's tools, `tool_choice` and `parallel_tool_calls` to a chat-completions body. */
export function addTools(body: Record<string, unknown>, req: ProviderRequest): void {
  const t = req.tools;
  if (!t?.tools.length) return;
  body.tools = t.tools;
  if (t.choice !== undefined) body.tool_choice = t.choice;
  if (t.parallel !== undefined) body.parallel_tool_calls = t.parallel;
}

interface WireFragment {
  index?: unknown;
  id?: unknown;
  function?: { name?: unknown; arguments?: unknown } | null;
}

/** The fragments of one chunk's `delta.tool_calls`; malformed entries (no numeric index) are dropped. */
export function toolFragments(raw: unknown): ToolCallFragment[] {
  if (!Array.isArray(raw)) return [];
  const out: ToolCallFragment[] = [];
  for (const f of raw as WireFragment[]) {
    if (typeof f?.index !== 'number') continue;
    const frag: ToolCallFragment = { index: f.index, arguments: typeof f.function?.arguments === 'string' ? f.function.arguments : '' };
    if (typeof f.id === 'string' && f.id) frag.id = f.id;
    if (typeof f.function?.name === 'string' && f.function.name) frag.name = f.function.name;
    out.push(frag);
  }
  return out;
}
