/**
 * Security headers beyond hono's `secureHeaders` defaults (which set no-sniff, referrer policy, HSTS...):
 * every response forbids framing unless its route set its own policy, and the console gets a strict CSP.
 */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';

/** The admin console's policy: its own scripts, styles and API only; no inline code, no framing. */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Adds `frame-ancestors 'none'` to responses that carry no CSP of their own. */
export const defaultFramePolicy = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (!c.res.headers.has('content-security-policy')) {
    try {
      c.res.headers.set('content-security-policy', "frame-ancestors 'none'");
    } catch {
      // Immutable headers (e.g. a fetched asset passed through): copy the response once.
      c.res = new Response(c.res.body, c.res);
      c.res.headers.set('content-security-policy', "frame-ancestors 'none'");
    }
  }
});
