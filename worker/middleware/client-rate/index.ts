/**
 * A coarse brake per client network on the visitor API (`/v1/chat`, `/v1/ws`, `/v1/feedback`), with
 * the Rate Limiting binding (DESIGN decision 11: coarse limits may use it). It stops one address from
 * opening conversation after conversation to get around the per-conversation limits. The key is a hash
 * of the address, never the address. Requests without `CF-Connecting-IP`, or from a loopback address
 * (local runs: Miniflare and wrangler dev set 127.0.0.1; Cloudflare's edge never does), are not counted.
 */
import type { MiddlewareHandler } from 'hono';
import { sha256Hex } from '../../digest';
import type { AppEnv } from '../../env';
import { ParleyError } from '../../errors';

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

async function networkKey(ip: string): Promise<string> {
  return (await sha256Hex(`parley-client:${ip}`)).slice(0, 24);
}

export interface ClientRateOptions {
  /** How long a refused caller is told to wait, in seconds. */
  retryAfter?: number;
}

/** Refuse with `rate_limited` (and `Retry-After`) once the caller's address is over the binding's limit. */
export function clientRate({ retryAfter = 60 }: ClientRateOptions = {}): MiddlewareHandler<AppEnv> {
  const refusal = () =>
    new ParleyError('rate_limited', 'Too many requests from your network; please wait a minute.', { retryable: true, retryAfter });
  return async (c, next) => {
    const ip = c.req.header('cf-connecting-ip');
    const limiter = c.env.CLIENT_RATE;
    if (ip && !LOOPBACK.test(ip) && limiter && c.req.method !== 'OPTIONS') {
      const { success } = await limiter.limit({ key: await networkKey(ip) });
      if (!success) throw refusal();
    }
    await next();
  };
}
