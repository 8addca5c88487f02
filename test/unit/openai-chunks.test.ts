import { describe, expect, it } from 'vitest';
import { ParleyError } from '../../worker/errors';
import { parseChunk, toRequestBody, upstreamStatusError } from '../../worker/providers/openai';

describe('parseChunk (OpenAI/DeepSeek stream events)', () => {
  const cases: [string, string, unknown][] = [
    ['content delta', '{"choices":[{"delta":{"content":"Hi"}}]}', [{ type: 'text', text: 'Hi' }]],
    ['role-only first chunk', '{"choices":[{"delta":{"role":"assistant","content":""}}]}', []],
    ['reasoning is progress, never text', '{"choices":[{"delta":{"content":null,"reasoning_content":"secret"}}]}', [{ type: 'reasoning' }]],
    ['empty reasoning is nothing', '{"choices":[{"delta":{"content":null,"reasoning_content":""}}]}', []],
    ['finish reason', '{"choices":[{"delta":{},"finish_reason":"stop"}]}', [{ type: 'finish', reason: 'stop' }]],
    ['finish at the length limit', '{"choices":[{"delta":{},"finish_reason":"length"}]}', [{ type: 'finish', reason: 'length' }]],
    [
      'a content filter is a filtered finish',
      '{"choices":[{"delta":{},"finish_reason":"content_filter"}]}',
      [{ type: 'finish', reason: 'filtered' }],
    ],
    [
      'DeepSeek out of inference resources is an error finish',
      '{"choices":[{"delta":{},"finish_reason":"insufficient_system_resource"}]}',
      [{ type: 'finish', reason: 'error' }],
    ],
    [
      'any other finish is an error finish',
      '{"choices":[{"delta":{},"finish_reason":"function_call"}]}',
      [{ type: 'finish', reason: 'error' }],
    ],
    ['no finish yet', '{"choices":[{"delta":{"content":"x"},"finish_reason":null}]}', [{ type: 'text', text: 'x' }]],
    [
      'DeepSeek usage with cache hits',
      '{"choices":[],"usage":{"prompt_tokens":10,"completion_tokens":5,"prompt_cache_hit_tokens":4}}',
      [{ type: 'usage', usage: { inputTokens: 10, outputTokens: 5, cachedInputTokens: 4 } }],
    ],
    [
      'OpenAI usage with cached_tokens',
      '{"choices":[],"usage":{"prompt_tokens":10,"completion_tokens":5,"prompt_tokens_details":{"cached_tokens":3}}}',
      [{ type: 'usage', usage: { inputTokens: 10, outputTokens: 5, cachedInputTokens: 3 } }],
    ],
  ];
  for (const [name, data, expected] of cases) it(name, () => expect(parseChunk(data)).toEqual(expected));

  it.each(['{"choices": [', 'null', '42'])('malformed %s is a typed upstream_error', (data) => {
    expect(() => parseChunk(data)).toThrowError(ParleyError);
  });
});

describe('request and status mapping', () => {
  it('asks for a stream with usage and maps sampling params', () => {
    expect(
      toRequestBody({
        model: 'm',
        messages: [{ role: 'user', content: 'x' }],
        params: { temperature: 0.2, maxTokens: 50, topP: 0.9, stop: ['\n'] },
      }),
    ).toEqual({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.2,
      max_tokens: 50,
      top_p: 0.9,
      stop: ['\n'],
    });
  });
  it.each([
    [429, '2', 'upstream_unavailable', true, 2],
    [503, null, 'upstream_unavailable', true, undefined],
    [401, null, 'upstream_error', false, undefined],
    [400, null, 'upstream_error', false, undefined],
  ] as const)('HTTP %i → %s', (status, retryAfter, code, retryable, after) => {
    const e = upstreamStatusError(status, retryAfter);
    expect([e.code, e.retryable, e.retryAfter]).toEqual([code, retryable, after]);
  });
});
