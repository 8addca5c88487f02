/**
 * The visitor API's door: a request without `Origin` (a script, a server, an app) is served only with a
 * visitor token, on every visitor route; the widget config stays public. Visitor traffic is refused,
 * loudly, when the deployment has no `AUDIT_SALT` outside local development.
 */
import { env } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signVisitorToken, siteTokenSecret } from '../../worker/conversation/visitor-token';
import type { WorkerEnv } from '../../worker/env';
import { call, chatRequest, framesOf, ORIGIN } from './helpers';

const token = async (sub = 'user-7') =>
  signVisitorToken(await siteTokenSecret((env as WorkerEnv).VISITOR_TOKEN_SECRET ?? '', 'demo'), sub, 300);
const feedback = (headers: Record<string, string>, conversation: { conversationId: string; conversationToken: string }) =>
  new Request('http://parley.test/v1/feedback', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ siteKey: 'demo', ...conversation, messageId: 'no-such-reply', rating: 'up' }),
  });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('requests without an Origin', () => {
  it('POST /v1/chat on the site key alone is refused with unauthorized', async () => {
    const res = await call(chatRequest({ siteKey: 'demo', message: { id: 'g1', text: 'payment options' } }, {}));
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('POST /v1/chat with a visitor token is served', async () => {
    const res = await call(
      chatRequest({ siteKey: 'demo', message: { id: 'g2', text: 'payment options' } }, { authorization: `Bearer ${await token()}` }),
    );
    expect(res.status).toBe(200);
    expect((await framesOf(res)).some((f) => f.frame.type === 'done')).toBe(true);
  });

  it('a forged visitor token is refused, with or without an Origin', async () => {
    const forged = await signVisitorToken('not-the-site-secret', 'user-7', 300);
    const variants: Record<string, string>[] = [
      { authorization: `Bearer ${forged}` },
      { origin: ORIGIN, authorization: `Bearer ${forged}` },
    ];
    for (const headers of variants) {
      const res = await call(chatRequest({ siteKey: 'demo', message: { id: 'g3', text: 'hi' } }, headers));
      expect(res.status).toBe(401);
    }
  });

  it('POST /v1/feedback on the site key alone is refused; with a token it reaches the conversation', async () => {
    const authorization = `Bearer ${await token()}`;
    const chat = await call(chatRequest({ siteKey: 'demo', message: { id: 'g5', text: 'payment options' } }, { authorization }));
    expect(chat.status).toBe(200);
    await chat.text();
    const conversation = {
      conversationId: chat.headers.get('x-conversation-id') ?? '',
      conversationToken: chat.headers.get('x-conversation-token') ?? '',
    };
    const bare = await call(feedback({}, conversation));
    expect(bare.status).toBe(401);
    // Refused at the door, not by the conversation's owner check: the caller holds the conversation token.
    expect(await bare.json()).toMatchObject({ error: { code: 'unauthorized', message: expect.stringContaining('without an Origin') } });
    const withToken = await call(feedback({ authorization }, conversation));
    expect(withToken.status).toBe(404); // admitted: the conversation has no such reply
  });

  it('GET /v1/widget-config stays public (welcome text, theme and limits only)', async () => {
    const res = await call(new Request('http://parley.test/v1/widget-config?siteKey=demo'));
    expect(res.status).toBe(200);
    expect(Object.keys((await res.json()) as object).sort()).toEqual(['locale', 'maxMessageChars', 'theme', 'welcome']);
  });

  it('browsers keep working on the site key and their Origin', async () => {
    const res = await call(chatRequest({ siteKey: 'demo', message: { id: 'g4', text: 'payment options' } }));
    expect(res.status).toBe(200);
    await res.text();
  });
});

describe('AUDIT_SALT outside local development', () => {
  it('visitor traffic is refused with a typed error and a log line naming the missing secret', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const deployed = { AUDIT_SALT: undefined, PARLEY_ENV: undefined };
    const chat = await call(chatRequest({ siteKey: 'demo', message: { id: 's1', text: 'hi' } }), deployed);
    expect(chat.status).toBe(500);
    expect(await chat.json()).toMatchObject({ error: { code: 'internal', retryable: false } });
    const ws = await call(
      new Request('http://parley.test/v1/ws?siteKey=demo', { headers: { upgrade: 'websocket', origin: ORIGIN } }),
      deployed,
    );
    expect(ws.status).toBe(500);
    const logged = errors.mock.calls.map((args) => String(args[0]));
    expect(logged.some((line) => line.includes('missing_secret') && line.includes('AUDIT_SALT'))).toBe(true);
  });

  it('local development (PARLEY_ENV=development) is served without it', async () => {
    const res = await call(chatRequest({ siteKey: 'demo', message: { id: 's2', text: 'payment options' } }), {
      AUDIT_SALT: undefined,
      PARLEY_ENV: 'development',
    });
    expect(res.status).toBe(200);
    await res.text();
  });

  it('a deployment with the secret set is served', async () => {
    const res = await call(chatRequest({ siteKey: 'demo', message: { id: 's3', text: 'payment options' } }), {
      AUDIT_SALT: 'a-real-salt',
      PARLEY_ENV: undefined,
    });
    expect(res.status).toBe(200);
    await res.text();
  });
});
