/**
 * Every response forbids framing unless its route set a content security policy of its own (the
 * console's, for one). Hono's `secureHeaders` covers the rest (no-sniff, referrer policy, HSTS…).
 */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../../env';

/** Adds `policy` (default `frame-ancestors 'none'`) to responses that carry no CSP. */
export function framePolicy(policy = "frame-ancestors 'none'") {
  return createMiddleware<AppEnv>(async (c, next) => {
    await next();
    if (c.res.headers.has('content-security-policy')) return;
    try {
      c.res.headers.set('content-security-policy', policy);
    } catch {
      // Immutable headers (e.g. a fetched asset passed through): copy the response once.
      c.res = new Response(c.res.body, c.res);
      c.res.headers.set('content-security-policy', policy);
    }
  });
}
