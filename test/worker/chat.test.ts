import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_CHARS } from '../../shared/protocol';
import { receivedRequests } from '../fixtures/mock-client';
import { call, chatRequest, framesOf, mockProvider, ORIGIN } from './helpers';

const text = (frames: Awaited<ReturnType<typeof framesOf>>) => frames.map((f) => (f.frame.type === 'delta' ? f.frame.text : '')).join('');

describe('POST /v1/chat answered by the built-in faq responder', () => {
  it('streams meta, word-sized deltas and done for a known question', async () => {
    const res = await call(chatRequest({ siteKey: 'demo', message: { id: 'm1', text: 'How long does shipping take?' } }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const frames = await framesOf(res);
    expect(frames[0]?.frame).toMatchObject({ type: 'meta', provider: 'faq', messageId: 'm1' });
    const deltas = frames.filter((f) => f.frame.type === 'delta');
    expect(deltas.length).toBeGreaterThan(5);
    expect(text(frames)).toContain('Orders ship within 1 business day');
    const last = frames.at(-1);
    expect(last?.frame).toMatchObject({ type: 'done', finish: 'stop' });
    // SSE event name is the frame type, id is its sequence number, strictly increasing from 1.
    frames.forEach((f, i) => {
      expect(f.event).toBe(f.frame.type);
      expect(f.id).toBe(String(i + 1));
    });
  });

  it('answers Chinese questions from the Chinese entries', async () => {
    const res = await call(chatRequest({ siteKey: 'demo', message: { id: 'm2', text: '退款多久能到账？' } }));
    expect(text(await framesOf(res))).toContain('原路退款');
  });

  it('says plainly when it has no answer', async () => {
    const res = await call(chatRequest({ siteKey: 'demo', message: { id: 'm3', text: 'What is the airspeed of an unladen swallow?' } }));
    expect(text(await framesOf(res))).toMatch(/don't have an answer/);
  });
});

describe('POST /v1/chat through an OpenAI-compatible provider (mock upstream)', () => {
  it('relays the deltas in order and done carries the upstream usage', async () => {
    const reply = 'Your order left our warehouse yesterday and should arrive on Tuesday.';
    const mock = await mockProvider({
      calls: [{ reply, paceMs: 2, usage: { prompt_tokens: 31, completion_tokens: 12, prompt_cache_hit_tokens: 8 } }],
    });
    const res = await call(chatRequest({ siteKey: mock.siteKey, message: { id: 'm4', text: 'Where is my parcel?' } }));
    const frames = await framesOf(res);
    expect(frames[0]?.frame).toMatchObject({ type: 'meta', provider: 'openai', model: mock.model });
    const deltas = frames.filter((f) => f.frame.type === 'delta').map((f) => (f.frame.type === 'delta' ? f.frame.text : ''));
    expect(deltas).toEqual(reply.match(/\S+\s*/g));
    expect(frames.at(-1)?.frame).toMatchObject({
      type: 'done',
      finish: 'stop',
      usage: { inputTokens: 31, outputTokens: 12, cachedInputTokens: 8, estimated: false },
    });
    const [sent] = await receivedRequests(env.MOCK_UPSTREAM, mock.id);
    expect(sent?.headers.authorization).toBe('Bearer test-key-not-secret');
    const body = sent?.body as { model: string; stream: boolean; messages: { role: string; content: string }[] };
    expect(body.model).toBe(mock.model);
    expect(body.stream).toBe(true);
    expect(body.messages.at(-1)).toEqual({ role: 'user', content: 'Where is my parcel?' });
    expect(body.messages[0]?.role).toBe('system');
  });

  it('never shows DeepSeek reasoning_content to the visitor', async () => {
    const mock = await mockProvider({ calls: [{ reasoning: 'The user wants secret chain of thought', reply: 'Here is the answer.' }] });
    const res = await call(chatRequest({ siteKey: mock.siteKey, message: { id: 'm5', text: 'Question?' } }));
    const frames = await framesOf(res);
    expect(text(frames)).toBe('Here is the answer.');
  });

  it('ends with a retryable error frame, not a silent truncation, when the upstream drops mid-stream', async () => {
    const mock = await mockProvider({ calls: [{ reply: 'one two three four five six', dropAfterChunks: 3 }] });
    const frames = await framesOf(await call(chatRequest({ siteKey: mock.siteKey, message: { id: 'm6', text: 'hi' } })));
    expect(text(frames)).toBe('one two three ');
    expect(frames.at(-1)?.frame).toMatchObject({ type: 'error', code: 'upstream_unavailable', retryable: true });
  });

  it('turns a malformed upstream event into a typed error frame', async () => {
    const mock = await mockProvider({ calls: [{ reply: 'one two three', malformedAfterChunks: 1 }] });
    const frames = await framesOf(await call(chatRequest({ siteKey: mock.siteKey, message: { id: 'm7', text: 'hi' } })));
    expect(frames.at(-1)?.frame).toMatchObject({ type: 'error', code: 'upstream_error', retryable: true });
  });
});

describe('bad input is refused with a typed error before any provider is called', () => {
  const cases: { name: string; req: (siteKey: string) => Request; status: number; code: string }[] = [
    { name: 'malformed JSON', req: (siteKey) => chatRequest(`{"siteKey": "${siteKey}", `), status: 400, code: 'bad_request' },
    { name: 'missing message', req: (siteKey) => chatRequest({ siteKey }), status: 400, code: 'bad_request' },
    {
      name: 'empty message text',
      req: (siteKey) => chatRequest({ siteKey, message: { id: 'a', text: '   ' } }),
      status: 400,
      code: 'bad_request',
    },
    {
      name: `message over ${MAX_MESSAGE_CHARS} characters`,
      req: (siteKey) => chatRequest({ siteKey, message: { id: 'a', text: 'x'.repeat(MAX_MESSAGE_CHARS + 1) } }),
      status: 413,
      code: 'too_large',
    },
    {
      name: 'body over the byte cap',
      req: (siteKey) => chatRequest({ siteKey, message: { id: 'a', text: 'y' }, pad: 'z'.repeat(40_000) }),
      status: 413,
      code: 'too_large',
    },
    {
      name: 'unknown site key',
      req: () => chatRequest({ siteKey: 'nope', message: { id: 'a', text: 'hi' } }),
      status: 401,
      code: 'unauthorized',
    },
    {
      name: 'disallowed Origin',
      req: (siteKey) => chatRequest({ siteKey, message: { id: 'a', text: 'hi' } }, { origin: 'https://evil.example' }),
      status: 403,
      code: 'origin_not_allowed',
    },
  ];
  for (const c of cases) {
    it(`${c.name} → ${c.status} ${c.code}`, async () => {
      const mock = await mockProvider({ calls: [{ reply: 'should never be asked' }] });
      const res = await call(c.req(mock.siteKey));
      expect(res.status).toBe(c.status);
      expect(await res.json()).toMatchObject({ error: { code: c.code, retryable: false } });
      expect(await receivedRequests(env.MOCK_UPSTREAM, mock.id)).toEqual([]);
    });
  }

  it('a client without Origin (a script, a server) is refused on the site key alone', async () => {
    const res = await call(chatRequest({ siteKey: 'demo', message: { id: 'a', text: 'payment options' } }, {}));
    expect(res.status).toBe(401);
  });

  it('a CORS preflight from an allowed page is answered', async () => {
    const res = await call(
      new Request('http://parley.test/v1/chat', {
        method: 'OPTIONS',
        headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      }),
    );
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });
});
