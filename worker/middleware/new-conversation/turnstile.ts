/**
 * Cloudflare Turnstile's server-side check behind a port (`{ verify(token, ip) }`), so the new-conversation
 * check can be tested against a fake siteverify server and swapped without touching the routes.
 * https://developers.cloudflare.com/turnstile/get-started/server-side-validation/
 */
import { z } from 'zod';

export const CLOUDFLARE_SITEVERIFY = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';

/** What siteverify said about one token. */
export interface TurnstileVerdict {
  success: boolean;
  /** Cloudflare's codes (`invalid-input-response`, `timeout-or-duplicate`, …); empty on success. */
  errorCodes: string[];
  /** The hostname the challenge was solved on. */
  hostname: string | undefined;
  /** The widget's `data-action`, when it set one. */
  action: string | undefined;
}

export interface TurnstilePort {
  verify(token: string, ip: string | undefined): Promise<TurnstileVerdict>;
}

const SiteverifyBody = z.object({
  success: z.boolean(),
  'error-codes': z.array(z.string()).default([]),
  hostname: z.string().optional(),
  action: z.string().optional(),
});

export interface SiteverifyOptions {
  secret: string;
  url?: string;
  fetch?: typeof fetch;
  /** How long siteverify may take before the check fails (closed). */
  timeoutMs?: number;
}

/**
 * The siteverify client: a form POST of `secret`, `response`, `remoteip` and an `idempotency_key`. Throws
 * when siteverify cannot be reached or answers something else than its JSON (the caller fails closed).
 */
export function siteverify({
  secret,
  url = CLOUDFLARE_SITEVERIFY,
  fetch: send = fetch,
  timeoutMs = 5000,
}: SiteverifyOptions): TurnstilePort {
  return {
    async verify(token, ip) {
      const form = new URLSearchParams({ secret, response: token, idempotency_key: crypto.randomUUID() });
      if (ip) form.set('remoteip', ip);
      const res = await send(url, { method: 'POST', body: form, signal: AbortSignal.timeout(timeoutMs) });
      if (!res.ok) throw new Error(`siteverify answered ${res.status}`);
      const body = SiteverifyBody.parse(await res.json());
      return { success: body.success, errorCodes: body['error-codes'], hostname: body.hostname, action: body.action };
    },
  };
}
