/**
 * Tokens per site per day: a site that sets `limits.tokensPerDay` is refused with `quota_exceeded`
 * (retryable, retryAfter = seconds to the next UTC midnight) once today's turns have used it up, over
 * WebSocket and SSE; a site that sets none is counted against the default allowance.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { Tiers } from '../../shared/config';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { dayOf } from '../../worker/quota/site-quota';
import { admin, BOOT } from './admin-helpers';
import { call, chatRequest, mockProvider, ORIGIN } from './helpers';
import { isEnd, newConversation, openWs } from './ws-helpers';

const KEY = 'metered';

/** Publish a site with a daily allowance; `tiers` (a mock scenario's) decide which upstream answers it. */
async function publish(key: string, tokensPerDay?: number, tiers?: Tiers): Promise<void> {
  const created = await admin('POST', '/sites', BOOT, {
    key,
    name: key,
    origins: [ORIGIN],
    ...(tiers ? { tiers } : {}),
    limits: tokensPerDay === undefined ? {} : { tokensPerDay },
    intents: [{ id: 'hours', label: 'Hours', examples: ['when are you open'], answer: { en: 'Nine to five.' } }],
  });
  expect(created.status).toBe(201);
  expect((await admin('POST', `/sites/${key}/publish`, BOOT)).status).toBe(200);
}

/** Today's count for a site, once it reaches `atLeast` (the count is written after the turn ends). */
async function usedToday(key: string, atLeast: number): Promise<number> {
  const stub = env.SITE_QUOTA.get(env.SITE_QUOTA.idFromName(key));
  for (let i = 0; i < 100; i++) {
    const { used } = await stub.used(dayOf(Date.now()));
    if (used >= atLeast) return used;
    await new Promise((r) => setTimeout(r, 20));
  }
  return (await stub.used(dayOf(Date.now()))).used;
}

describe('tokens per site per day', () => {
  it('admits turns until the allowance is used, then refuses with quota_exceeded over WS and SSE', async () => {
    const usage = { prompt_tokens: 30, completion_tokens: 10 };
    const mock = await mockProvider({
      calls: [
        { reply: 'One answer.', usage },
        { reply: 'Two answers.', usage },
        { reply: 'Never sent.', usage },
      ],
    });
    await publish(KEY, 60, mock.tiers);
    const cid = newConversation();
    const s = await openWs({ conversationId: cid, siteKey: KEY });
    s.send({ type: 'hello', protocol: PROTOCOL_VERSION, siteKey: KEY, conversationId: cid });
    await s.next((f) => f.type === 'ready');

    s.send({ type: 'message', id: 'q1', text: 'Is the blue lantern lamp sold in Canada?' });
    expect(await s.next(isEnd('q1'))).toMatchObject({ type: 'done' });
    expect(await usedToday(KEY, 40)).toBe(40);
    s.send({ type: 'message', id: 'q2', text: 'Is the red lantern lamp sold in Peru?' });
    expect(await s.next(isEnd('q2'))).toMatchObject({ type: 'done' });
    expect(await usedToday(KEY, 80)).toBe(80);

    s.send({ type: 'message', id: 'q3', text: 'Is the green lantern lamp sold in Chile?' });
    const refused = await s.next(isEnd('q3'));
    expect(refused).toMatchObject({ type: 'error', code: 'quota_exceeded', retryable: true });
    const wait = refused.type === 'error' ? (refused.retryAfter ?? 0) : 0;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(86_400);
    s.ws.close();

    const sse = await call(chatRequest({ siteKey: KEY, message: { id: 'q4', text: 'Is the lamp sold in Japan?' } }));
    expect(sse.status).toBe(429);
    expect(sse.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await sse.json()).toMatchObject({ error: { code: 'quota_exceeded', retryable: true } });
    expect(await usedToday(KEY, 80)).toBe(80); // refused turns spend nothing
  });

  it('the OpenAI-compatible route is metered too: its turns count, and a spent allowance answers 429 quota_exceeded', async () => {
    const key = 'metered-api';
    await publish(key, 50);
    const issued = await admin('POST', `/sites/${key}/api-keys`, BOOT);
    expect(issued.status).toBe(201);
    const apiKey = ((await issued.json()) as { key: string }).key;
    const mock = await mockProvider({ calls: [{ reply: 'Counted.', usage: { prompt_tokens: 45, completion_tokens: 15 } }] });
    const complete = (content: string) =>
      call(
        new Request('http://parley.test/v1/chat/completions', {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'parley-default', messages: [{ role: 'user', content }] }),
        }),
        mock.env,
      );
    const first = await complete('Is the blue lantern lamp sold in Canada?');
    expect(first.status).toBe(200);
    expect(await usedToday(key, 60)).toBe(60);
    const second = await complete('Is the red lantern lamp sold in Peru?');
    expect(second.status).toBe(429);
    expect(await second.json()).toMatchObject({ error: { code: 'quota_exceeded', retryable: true } });
  });

  it("counts every token of concurrent turns in different conversations (their counts share the isolate's round trips)", async () => {
    const usage = { prompt_tokens: 7, completion_tokens: 3 };
    const mock = await mockProvider({ calls: Array.from({ length: 8 }, (_, i) => ({ reply: `Answer ${i}.`, usage })) });
    await publish('metered-many', 1_000_000, mock.tiers);
    const turns = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const res = await call(chatRequest({ siteKey: 'metered-many', message: { id: `c${i}`, text: `Is lamp ${i} sold in Peru?` } }));
        await res.text();
        return res.status;
      }),
    );
    expect(turns).toEqual(Array(8).fill(200));
    expect(await usedToday('metered-many', 80)).toBe(80);
  });

  it('a site that sets no allowance is counted against the default one', async () => {
    const mock = await mockProvider({ calls: [{ reply: 'Fine.', usage: { prompt_tokens: 500, completion_tokens: 500 } }] });
    await publish('unmetered', undefined, mock.tiers);
    const res = await call(chatRequest({ siteKey: 'unmetered', message: { id: 'u1', text: 'Is the lamp sold in Japan?' } }));
    expect(res.status).toBe(200);
    await res.text();
    expect(await usedToday('unmetered', 1000)).toBe(1000);
  });
});
