import { describe, expect, it } from 'vitest';
import { OpenAiChatRequest } from '../../shared/openai';
import { ParleyError } from '../../worker/errors';
import { linkRequest } from '../../worker/pipeline/gateway/tools';
import { faqResponder } from '../../worker/providers/faq';
import { parseChunk, toRequestBody } from '../../worker/providers/openai';
import type { ChatTurnMessage, Provider, ProviderTools } from '../../worker/providers/types';
import { splitRequest, ToolCallCollector, toolCallDelta } from '../../worker/routes/openai-tools';

const TOOLS: ProviderTools = {
  tools: [{ type: 'function', function: { name: 'lookup_order', parameters: { type: 'object', properties: {} } } }],
  choice: 'auto',
  parallel: false,
};
const CALL = { id: 'call_1', type: 'function' as const, function: { name: 'lookup_order', arguments: '{"id":7}' } };
const WINDOW: ChatTurnMessage[] = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: 'Order 7?' },
  { role: 'assistant', content: '', toolCalls: [CALL] },
  { role: 'tool', content: '{"status":"packed"}', toolCallId: 'call_1' },
];

describe('parseChunk: streamed tool_calls fragments (DeepSeek/OpenAI shape)', () => {
  it('the first fragment carries index, id and name; later ones only arguments', () => {
    const first =
      '{"choices":[{"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"lookup_order","arguments":""}}]}}]}';
    expect(parseChunk(first)).toEqual([{ type: 'tool_call', call: { index: 0, id: 'call_1', name: 'lookup_order', arguments: '' } }]);
    const later = '{"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"id\\""}}]}}]}';
    expect(parseChunk(later)).toEqual([{ type: 'tool_call', call: { index: 0, arguments: '{"id"' } }]);
  });
  it('a tool_calls finish is its own finish; fragments without an index are dropped', () => {
    expect(parseChunk('{"choices":[{"delta":{},"finish_reason":"tool_calls"}]}')).toEqual([{ type: 'finish', reason: 'tool_calls' }]);
    expect(parseChunk('{"choices":[{"delta":{"tool_calls":[{"function":{"arguments":"x"}}]}}]}')).toEqual([]);
  });
});

describe('toRequestBody with tools', () => {
  it('forwards tools, tool_choice, parallel_tool_calls, assistant calls (content null) and tool results', () => {
    const body = toRequestBody({ model: 'm', messages: WINDOW, params: {}, tools: TOOLS });
    expect(body.tools).toEqual(TOOLS.tools);
    expect(body.tool_choice).toBe('auto');
    expect(body.parallel_tool_calls).toBe(false);
    expect(body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Order 7?' },
      { role: 'assistant', content: null, tool_calls: [CALL] },
      { role: 'tool', tool_call_id: 'call_1', content: '{"status":"packed"}' },
    ]);
  });
  it('a request without tools has no tool fields', () => {
    const body = toRequestBody({ model: 'm', messages: WINDOW.slice(0, 2), params: {} });
    expect(Object.keys(body)).not.toContain('tools');
    expect(Object.keys(body)).not.toContain('tool_choice');
  });
});

describe('linkRequest: providers that cannot call tools', () => {
  const faq = { provider: faqResponder(), model: 'faq' };
  const tooling = { provider: { id: 'x', supportsTools: true, stream: faqResponder().stream } as Provider, model: 'x' };
  it('a tool-capable link gets the tools and the whole window', () => {
    expect(linkRequest(tooling, WINDOW, {}, TOOLS)).toEqual({ model: 'x', messages: WINDOW, params: {}, tools: TOOLS });
  });
  it('with tool_choice auto or absent, the FAQ responder answers without tools or tool traffic', () => {
    for (const choice of ['auto', undefined] as const) {
      const req = linkRequest(faq, WINDOW, {}, { ...TOOLS, choice });
      expect(req.tools).toBeUndefined();
      expect(req.messages.map((m) => m.role)).toEqual(['system', 'user']);
    }
  });
  it('with tool_choice required or a named function, it is a typed 400 naming the limitation', () => {
    for (const choice of ['required', { type: 'function', function: { name: 'lookup_order' } }] as const) {
      let err: unknown;
      try {
        linkRequest(faq, WINDOW, {}, { ...TOOLS, choice });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ParleyError);
      expect((err as ParleyError).code).toBe('bad_request');
      expect((err as ParleyError).message).toContain('cannot call tools');
    }
  });
});

describe('the route side: request split and response shaping', () => {
  const parse = (messages: unknown[], extra: Record<string, unknown> = {}) =>
    OpenAiChatRequest.parse({ model: 'parley-default', messages, ...extra });
  it('accepts assistant tool_calls with content null and tool messages; splits at the last user message', () => {
    const req = parse(
      [
        { role: 'user', content: 'Order 7?' },
        { role: 'assistant', content: null, tool_calls: [CALL] },
        { role: 'tool', tool_call_id: 'call_1', content: 'packed' },
      ],
      { tools: TOOLS.tools, tool_choice: { type: 'function', function: { name: 'lookup_order' } }, parallel_tool_calls: true },
    );
    const split = splitRequest(req);
    expect(split.before).toEqual([]);
    expect(split.tools?.choice).toEqual({ type: 'function', function: { name: 'lookup_order' } });
    expect(split.tools?.parallel).toBe(true);
    expect(split.tools?.after).toEqual([
      { role: 'assistant', content: '', toolCalls: [CALL] },
      { role: 'tool', content: 'packed', toolCallId: 'call_1' },
    ]);
  });
  it('refuses a bad tool_choice and a tool without a tool_call_id', () => {
    expect(OpenAiChatRequest.safeParse({ model: 'm', messages: [{ role: 'user', content: 'x' }], tool_choice: 'always' }).success).toBe(
      false,
    );
    expect(OpenAiChatRequest.safeParse({ model: 'm', messages: [{ role: 'tool', content: 'x' }] }).success).toBe(false);
  });
  it('a plain request carries no tools', () => {
    expect(splitRequest(parse([{ role: 'user', content: 'hi' }])).tools).toBeUndefined();
  });
  it('shapes fragments as OpenAI deltas and reassembles them in index order', () => {
    const frags = [
      { type: 'tool_call' as const, messageId: 'm', index: 1, id: 'b', name: 'two', arguments: '' },
      { type: 'tool_call' as const, messageId: 'm', index: 0, id: 'a', name: 'one', arguments: '{"x"' },
      { type: 'tool_call' as const, messageId: 'm', index: 0, arguments: ':1}' },
    ];
    expect(toolCallDelta(frags[0] as (typeof frags)[0])).toEqual({
      tool_calls: [{ index: 1, id: 'b', type: 'function', function: { name: 'two', arguments: '' } }],
    });
    expect(toolCallDelta(frags[2] as (typeof frags)[0])).toEqual({ tool_calls: [{ index: 0, function: { arguments: ':1}' } }] });
    const all = new ToolCallCollector();
    for (const f of frags) all.add(f);
    expect(all.result()).toEqual([
      { id: 'a', type: 'function', function: { name: 'one', arguments: '{"x":1}' } },
      { id: 'b', type: 'function', function: { name: 'two', arguments: '' } },
    ]);
    expect(new ToolCallCollector().result()).toBeUndefined();
  });
});
