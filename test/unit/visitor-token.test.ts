import { sign } from 'hono/jwt';
import { describe, expect, it } from 'vitest';
import { MAX_VISITOR_TOKEN_SECONDS, signVisitorToken, siteTokenSecret, verifyVisitorToken } from '../../worker/conversation/visitor-token';

const MASTER = 'master-secret-under-test';
const now = () => Math.floor(Date.now() / 1000);

describe('visitor tokens have a bounded lifetime', () => {
  it('accepts a token living up to the cap', async () => {
    const secret = await siteTokenSecret(MASTER, 'demo');
    expect(MAX_VISITOR_TOKEN_SECONDS).toBe(24 * 3600);
    for (const ttl of [60, 3600, MAX_VISITOR_TOKEN_SECONDS]) {
      expect(await verifyVisitorToken(await signVisitorToken(secret, 'user-1', ttl), 'demo', MASTER)).toBe('user-1');
    }
  });

  const refused: [string, (t: number) => Record<string, unknown>][] = [
    ['lives longer than 24 h', (t) => ({ sub: 'u', iat: t, exp: t + MAX_VISITOR_TOKEN_SECONDS + 1 })],
    ['lives for a year', (t) => ({ sub: 'u', iat: t, exp: t + 365 * 86400 })],
    ['has no exp', (t) => ({ sub: 'u', iat: t })],
    ['has no iat', (t) => ({ sub: 'u', exp: t + 60 })],
    ['has a back-dated iat hiding a long lifetime ahead', (t) => ({ sub: 'u', iat: t - 3600, exp: t + MAX_VISITOR_TOKEN_SECONDS })],
  ];
  for (const [what, payload] of refused) {
    it(`refuses a token that ${what}`, async () => {
      const token = await sign(payload(now()), await siteTokenSecret(MASTER, 'demo'), 'HS256');
      await expect(verifyVisitorToken(token, 'demo', MASTER)).rejects.toMatchObject({ code: 'unauthorized' });
    });
  }
});
