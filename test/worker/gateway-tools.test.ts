/// <reference types="vite/client" />
/**
 * Function tools through `POST /v1/chat/completions` with the official `openai` SDK: tools go to the
 * provider, its streamed `tool_calls` come back in OpenAI's shape, and the round trip (calls, `tool`
 * result, final text) reaches the provider intact with PII masked. Tool replies are never cached, and a
 * call fragment is a first delta: nothing is retried after it.
 */
import { env } from 'cloudflare:test';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import type { Behaviour } from '../fixtures/mock-client';
import { receivedRequests } from '../fixtures/mock-client';
import { twoLinks } from './gateway-helpers';
import { call } from './helpers';

/** The mock's tool-call extras (`StreamExtras` in mock-upstream.ts, which is Node-only). */
type Call = Behaviour & {
  toolCalls?: { id: string; name: string; arguments: string }[];
  argumentPieces?: number;
  dropAfterToolFragments?: number;
};
const ADMIN = { ADMIN_TOKEN: 'admin-test-token' };

async function apiKey(): Promise<string> {
  const res = await call(
    new Request('http://parley.test/admin/api/sites/demo/api-keys', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN.ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'agent' }),
    }),
    ADMIN,
  );
  return ((await res.json()) as { key: string }).key;
}

const TOOLS: OpenAI.ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'lookup_order',
      description: 'Find an order by the customer email.',
      parameters: { type: 'object', properties: { email: { type: 'string' } }, required: ['email'] },
    },
  },
];
const ARGS = '{"email":"[EMAIL_1]","detail":"full"}';
const CALLS: Call[] = [
  { reply: '', toolCalls: [{ id: 'call_0_a1', name: 'lookup_order', arguments: ARGS }], argumentPieces: 4 },
  { reply: 'Your order ships tomorrow.' },
];
const QUESTION = 'Where is my order? I am jane.doe@example.com';
const RESULT = '{"status":"packed","contact":"jane.doe@example.com"}';

interface Sent {
  tools?: unknown;
  tool_choice?: unknown;
  parallel_tool_calls?: unknown;
  messages: { role: string; content: string | null; tool_calls?: unknown; tool_call_id?: string }[];
}

/** What the provider received over a round trip: tools forwarded, calls and results intact, PII masked. */
async function expectForwarded(id: string): Promise<void> {
  const got = (await receivedRequests(env.MOCK_UPSTREAM, id)).map((r) => r.body as Sent);
  expect(got).toHaveLength(2);
  expect(got[0]?.tools).toEqual(TOOLS);
  expect(got[0]?.tool_choice).toBe('auto');
  expect(got[0]?.parallel_tool_calls).toBe(false);
  // The site's prompt, then its knowledge as numbered sources (when any passage is retrieved), then the traffic.
  const second = got[1] as Sent;
  const traffic = second.messages.filter((m) => m.role !== 'system');
  expect(second.messages[0]?.role).toBe('system');
  expect(traffic.map((m) => m.role)).toEqual(['user', 'assistant', 'tool']);
  expect(second.messages.slice(-3)).toEqual(traffic);
  expect(traffic[0]?.content).toBe('Where is my order? I am [EMAIL_1]');
  expect(traffic[1]).toEqual({
    role: 'assistant',
    content: null,
    tool_calls: [{ id: 'call_0_a1', type: 'function', function: { name: 'lookup_order', arguments: ARGS } }],
  });
  expect(traffic[2]).toEqual({ role: 'tool', tool_call_id: 'call_0_a1', content: '{"status":"packed","contact":"[EMAIL_1]"}' });
  expect(JSON.stringify(got)).not.toContain('jane.doe@example.com');
}

function client(key: string, e: Record<string, unknown>): OpenAI {
  return new OpenAI({ apiKey: key, baseURL: 'http://parley.test/v1', maxRetries: 0, fetch: (u, i) => call(new Request(u, i), e) });
}

describe('tools through /v1/chat/completions', () => {
  it('streams tool_calls the SDK reassembles, then the final text after the tool result', async () => {
    const m = await twoLinks({ calls: CALLS });
    const sdk = client(await apiKey(), m.env);
    const first = sdk.chat.completions.stream({
      model: 'parley-default',
      messages: [{ role: 'user', content: QUESTION }],
      tools: TOOLS,
      tool_choice: 'auto',
      parallel_tool_calls: false,
    });
    let fragments = 0;
    for await (const chunk of first) if (chunk.choices[0]?.delta.tool_calls) fragments++;
    const calls = await first.finalChatCompletion();
    expect(fragments).toBe(5);
    expect(calls.choices[0]?.finish_reason).toBe('tool_calls');
    const made = calls.choices[0]?.message.tool_calls ?? [];
    expect(made).toEqual([{ id: 'call_0_a1', type: 'function', function: { name: 'lookup_order', arguments: ARGS } }]);

    const final = await sdk.chat.completions
      .stream({
        model: 'parley-default',
        messages: [
          { role: 'user', content: QUESTION },
          { role: 'assistant', content: null, tool_calls: made },
          { role: 'tool', tool_call_id: 'call_0_a1', content: RESULT },
        ],
        tools: TOOLS,
        tool_choice: 'auto',
        parallel_tool_calls: false,
      })
      .finalChatCompletion();
    expect(final.choices[0]?.message.content).toBe('Your order ships tomorrow.');
    expect(final.choices[0]?.finish_reason).toBe('stop');
    await expectForwarded(m.a);
  });

  it('returns tool_calls in the non-streaming message, and the final text after the tool result', async () => {
    const m = await twoLinks({ calls: CALLS });
    const sdk = client(await apiKey(), m.env);
    const params = { model: 'parley-default', tools: TOOLS, tool_choice: 'auto', parallel_tool_calls: false } as const;
    const first = await sdk.chat.completions.create({ ...params, messages: [{ role: 'user', content: QUESTION }] });
    expect(first.choices[0]?.finish_reason).toBe('tool_calls');
    expect(first.choices[0]?.message.content).toBeNull();
    const made = first.choices[0]?.message.tool_calls ?? [];
    expect(made).toEqual([{ id: 'call_0_a1', type: 'function', function: { name: 'lookup_order', arguments: ARGS } }]);
    const final = await sdk.chat.completions.create({
      ...params,
      messages: [
        { role: 'user', content: QUESTION },
        { role: 'assistant', content: null, tool_calls: made },
        { role: 'tool', tool_call_id: 'call_0_a1', content: RESULT },
      ],
    });
    expect(final.choices[0]?.message).toMatchObject({ role: 'assistant', content: 'Your order ships tomorrow.' });
    expect(final.choices[0]?.message.tool_calls).toBeUndefined();
    await expectForwarded(m.a);
  });

  it('never caches a reply with tool calls: the same request asks the provider again', async () => {
    const m = await twoLinks({ calls: [CALLS[0] as Call] });
    const sdk = client(await apiKey(), m.env);
    for (let i = 0; i < 2; i++) {
      const res = await sdk.chat.completions
        .create({ model: 'parley-default', temperature: 0, tools: TOOLS, messages: [{ role: 'user', content: 'Where is order 7?' }] })
        .withResponse();
      expect(res.response.headers.get('x-parley-cache')).toBe('bypass');
      expect(res.data.choices[0]?.message.tool_calls).toHaveLength(1);
    }
    expect(await receivedRequests(env.MOCK_UPSTREAM, m.a)).toHaveLength(2);
  });

  it('a tool-call fragment is a first delta: a failure after it is a stream error, with no retry or fallback', async () => {
    const m = await twoLinks({ calls: [{ ...CALLS[0], dropAfterToolFragments: 2 } as Call] }, { calls: [{ reply: 'from the fallback' }] });
    const res = await call(
      new Request('http://parley.test/v1/chat/completions', {
        method: 'POST',
        headers: { authorization: `Bearer ${await apiKey()}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'parley-default', stream: true, tools: TOOLS, messages: [{ role: 'user', content: 'Order 7?' }] }),
      }),
      m.env,
    );
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain(
      '"tool_calls":[{"index":0,"id":"call_0_a1","type":"function","function":{"arguments":"","name":"lookup_order"}}]',
    );
    expect(text).toContain('"error":');
    expect(text).not.toContain('from the fallback');
    expect(await receivedRequests(env.MOCK_UPSTREAM, m.a)).toHaveLength(1);
    expect(await receivedRequests(env.MOCK_UPSTREAM, m.b)).toHaveLength(0);
  });

  it('refuses messages after the last user message that are not tool traffic ending in a result', async () => {
    const m = await twoLinks({ calls: CALLS });
    const sdk = client(await apiKey(), m.env);
    await expect(
      sdk.chat.completions.create({
        model: 'parley-default',
        tools: TOOLS,
        messages: [
          { role: 'user', content: 'hi' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'c1', type: 'function', function: { name: 'lookup_order', arguments: '{}' } }],
          },
        ],
      }),
    ).rejects.toMatchObject({ status: 400 });
    expect(await receivedRequests(env.MOCK_UPSTREAM, m.a)).toEqual([]);
  });
});
