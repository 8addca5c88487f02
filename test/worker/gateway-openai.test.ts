/// <reference types="vite/client" />
/**
 * The OpenAI-compatible endpoint: the official `openai` SDK streams and non-streams through it with a
 * server API key an admin issued; keys are stored hashed; tiers are chosen by `model`.
 */
import { createExecutionContext, env } from 'cloudflare:test';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import type { WorkerEnv } from '../../worker/env';
import { app } from '../../worker/index';
import { receivedRequests } from '../fixtures/mock-client';
import { twoLinks } from './gateway-helpers';
import { call } from './helpers';

const ADMIN = { ADMIN_TOKEN: 'admin-test-token' };
async function issueKey(siteKey = 'demo', token = ADMIN.ADMIN_TOKEN): Promise<Response> {
  return call(
    new Request(`http://parley.test/admin/api/sites/${siteKey}/api-keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'backend' }),
    }),
    ADMIN,
  );
}

describe('POST /v1/chat/completions with the official openai SDK', () => {
  it('an admin issues a key (stored hashed); the SDK non-streams and streams a completion on a tier', async () => {
    const issued = await issueKey();
    expect(issued.status).toBe(201);
    const { key, id } = (await issued.json()) as { key: string; id: string };
    expect(key).toMatch(/^psk_/);
    const row = await env.DB.prepare('SELECT * FROM api_keys WHERE id = ?').bind(id).first<Record<string, unknown>>();
    expect(row?.site_key).toBe('demo');
    expect(JSON.stringify(row)).not.toContain(key);

    const reply = 'Your order ships tomorrow morning.';
    const m = await twoLinks({ calls: [{ reply, usage: { prompt_tokens: 40, completion_tokens: 6, prompt_cache_hit_tokens: 32 } }] });
    const client = new OpenAI({
      apiKey: key,
      baseURL: 'http://parley.test/v1',
      maxRetries: 0,
      fetch: (url, init) => call(new Request(url, init), m.env),
    });

    const done = await client.chat.completions.create({
      model: 'parley-premium',
      messages: [{ role: 'user', content: 'Where is my order?' }],
    });
    expect(done.choices[0]?.message.content).toBe(reply);
    expect(done.choices[0]?.finish_reason).toBe('stop');
    expect(done.model).toBe('deepseek-reasoner');
    expect(done.usage).toMatchObject({ prompt_tokens: 40, completion_tokens: 6, prompt_tokens_details: { cached_tokens: 32 } });

    const stream = await client.chat.completions.create({
      model: 'parley-fast',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Where is my order?' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 100_000,
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe(reply);
    expect(usage?.completion_tokens).toBe(6);

    const got = await receivedRequests(env.MOCK_UPSTREAM, m.a);
    expect(got.map((r) => (r.body as { model: string }).model)).toEqual(['deepseek-reasoner', 'deepseek-chat']);
    // The caller's max_tokens is clamped to the site's ceiling; its system message is kept, after the site's
    // prompt and the knowledge's numbered sources (the demo's order-status FAQ entry).
    const second = got[1]?.body as { max_tokens: number; messages: { role: string; content: string }[] };
    expect(second.max_tokens).toBe(1024);
    expect(second.messages.map((x) => x.role)).toEqual(['system', 'system', 'system', 'user']);
    expect(second.messages[1]?.content).toContain('Account → Orders');
    expect(second.messages[2]?.content).toBe('Be brief.');
  });

  it('refuses a missing or wrong key, and an unknown model, before any provider is called', async () => {
    const m = await twoLinks({ calls: [{ reply: 'never' }] });
    const wrong = new OpenAI({
      apiKey: 'psk_wrong',
      baseURL: 'http://parley.test/v1',
      maxRetries: 0,
      fetch: (u, i) => call(new Request(u, i), m.env),
    });
    await expect(
      wrong.chat.completions.create({ model: 'parley-default', messages: [{ role: 'user', content: 'hi' }] }),
    ).rejects.toMatchObject({
      status: 401,
    });
    const { key } = (await (await issueKey()).json()) as { key: string };
    const right = new OpenAI({
      apiKey: key,
      baseURL: 'http://parley.test/v1',
      maxRetries: 0,
      fetch: (u, i) => call(new Request(u, i), m.env),
    });
    await expect(right.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      status: 400,
    });
    expect(await receivedRequests(env.MOCK_UPSTREAM, m.a)).toEqual([]);
  });

  it('a provider failure before the first delta is an HTTP error with a typed body', async () => {
    const m = await twoLinks({ calls: [{ status: 401 }] });
    const { key } = (await (await issueKey()).json()) as { key: string };
    const res = await call(
      new Request('http://parley.test/v1/chat/completions', {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'parley-default', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
      }),
      m.env,
    );
    expect(res.status).toBe(502);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('upstream_error');
    expect(body.error.message).not.toContain('sk-deepseek-test');
  });
});

describe('streaming clients that go away', () => {
  it('closing a /v1/chat/completions stream aborts the upstream request', async () => {
    const m = await twoLinks({ calls: [{ reply: 'a b c d e f g h i j k l m n o p q r s t', paceMs: 150 }] });
    const { key } = (await (await issueKey()).json()) as { key: string };
    // Not `call()`: it waits for the request's background work (the reply cache keeps a shared upstream
    // alive with waitUntil), which here would mean waiting for the whole stream before cancelling it.
    const res = await app.fetch(
      new Request('http://parley.test/v1/chat/completions', {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'parley-default', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
      }),
      { ...env, ...m.env } as WorkerEnv,
      createExecutionContext(),
    );
    expect(res.status).toBe(200);
    const reader = res.body?.getReader();
    const first = await reader?.read();
    expect(new TextDecoder().decode(first?.value)).toContain('chat.completion.chunk');
    await reader?.cancel();
    await expect
      .poll(async () => (await receivedRequests(env.MOCK_UPSTREAM, m.a))[0]?.aborted, { timeout: 5000, interval: 100 })
      .toBe(true);
  });
});

describe('gateway admin API', () => {
  it('issuing keys and reading breakers needs the admin role', async () => {
    expect((await issueKey('demo', 'not-the-token')).status).toBe(401);
    const anon = await call(new Request('http://parley.test/admin/api/gateway/breakers'), ADMIN);
    expect(anon.status).toBe(401);
  });

  it('revoking a key stops it working', async () => {
    const { key, id } = (await (await issueKey()).json()) as { key: string; id: string };
    const revoke = await call(
      new Request(`http://parley.test/admin/api/api-keys/${id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${ADMIN.ADMIN_TOKEN}` },
      }),
      ADMIN,
    );
    expect(revoke.status).toBe(204);
    const res = await call(
      new Request('http://parley.test/v1/chat/completions', {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'parley-default', messages: [{ role: 'user', content: 'hi' }] }),
      }),
    );
    expect(res.status).toBe(401);
  });

  it('the breaker status lists each provider+model with its state', async () => {
    const m = await twoLinks({ calls: [{ reply: 'fine' }] });
    const { key } = (await (await issueKey()).json()) as { key: string };
    await call(
      new Request('http://parley.test/v1/chat/completions', {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'parley-default', messages: [{ role: 'user', content: 'hi' }] }),
      }),
      m.env,
    );
    const res = await call(
      new Request('http://parley.test/admin/api/gateway/breakers', { headers: { authorization: `Bearer ${ADMIN.ADMIN_TOKEN}` } }),
      ADMIN,
    );
    expect(res.status).toBe(200);
    const { breakers } = (await res.json()) as {
      breakers: { key: string; provider: string; model: string; state: string; calls: number }[];
    };
    expect(breakers.find((b) => b.key.includes(m.a))).toMatchObject({
      provider: 'deepseek',
      model: 'deepseek-chat',
      state: 'closed',
      calls: 1,
    });
  });
});
