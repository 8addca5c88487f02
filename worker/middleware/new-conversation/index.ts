/**
 * What a request must pass to start a conversation (the routes call this when no conversation id is
 * given): a per-address brake, since a client names its own visitor id and the per-visitor limits alone
 * would let one address open conversation after conversation; then, for sites that turn it on, a
 * Turnstile token verified server-side. The address is hashed before it is used as a key.
 */
import type { SiteConfig } from '../../../shared/config';
import { sha256Hex } from '../../digest';
import type { WorkerEnv } from '../../env';
import { ParleyError } from '../../errors';
import { MissingSecretError } from '../visitor-gate';
import { siteverify, type TurnstilePort } from './turnstile';

export type { TurnstilePort, TurnstileVerdict } from './turnstile';

/** The period of the NEW_CONVERSATION_RATE binding (wrangler.toml), which a refused caller is told to wait. */
const WINDOW_SECONDS = 60;

/** Loopback callers (local runs; Cloudflare's edge never sets one) are not counted. */
const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

export interface NewConversationRequest {
  /** `CF-Connecting-IP`. */
  ip: string | undefined;
  /** The Turnstile token (`CF-Turnstile-Response` header, or `?turnstile=` on the WebSocket). */
  turnstileToken: string | undefined;
}

/** The request parts the check reads, from a route's raw request. */
export function newConversationRequest(req: Request): NewConversationRequest {
  return {
    ip: req.headers.get('cf-connecting-ip') ?? undefined,
    turnstileToken: req.headers.get('cf-turnstile-response') ?? new URL(req.url).searchParams.get('turnstile') ?? undefined,
  };
}

/** The hostname of a site's allowed origin entry (a full origin or a bare hostname). */
function hostOf(allowed: string): string {
  try {
    return allowed.includes('://') ? new URL(allowed).hostname : allowed;
  } catch {
    return allowed;
  }
}

async function checkTurnstile(env: WorkerEnv, site: SiteConfig, req: NewConversationRequest, port?: TurnstilePort): Promise<void> {
  const settings = site.turnstile;
  if (!settings?.enabled) return;
  const refuse = () => new ParleyError('forbidden', 'Please complete the human check before starting a conversation.');
  if (!req.turnstileToken) throw refuse();
  const secret = env.TURNSTILE_SECRET;
  if (!port && !secret) throw new MissingSecretError('TURNSTILE_SECRET', `site ${site.key} turns Turnstile on`);
  const verifier = port ?? siteverify({ secret: secret as string, ...(env.TURNSTILE_VERIFY_URL ? { url: env.TURNSTILE_VERIFY_URL } : {}) });
  let verdict: Awaited<ReturnType<TurnstilePort['verify']>>;
  try {
    verdict = await verifier.verify(req.turnstileToken, req.ip);
  } catch (cause) {
    throw new ParleyError('upstream_unavailable', 'The human check could not be verified; please try again.', { retryable: true, cause });
  }
  if (!verdict.success) throw refuse();
  if (!verdict.hostname || !site.origins.some((o) => hostOf(o) === verdict.hostname)) throw refuse();
  if (settings.action && verdict.action !== settings.action) throw refuse();
}

/**
 * Admit a new conversation or throw: `rate_limited` (with `retryAfter`) past the address's limit, `forbidden`
 * without a valid Turnstile token where the site asks for one.
 */
export async function admitNewConversation(
  env: WorkerEnv,
  site: SiteConfig,
  req: NewConversationRequest,
  ports: { turnstile?: TurnstilePort } = {},
): Promise<void> {
  const limiter = env.NEW_CONVERSATION_RATE;
  if (req.ip && !LOOPBACK.test(req.ip) && limiter) {
    const key = (await sha256Hex(`parley-new-conversation:${req.ip}`)).slice(0, 24);
    if (!(await limiter.limit({ key })).success) {
      throw new ParleyError('rate_limited', 'Too many new conversations from your network; please wait a minute.', {
        retryable: true,
        retryAfter: WINDOW_SECONDS,
      });
    }
  }
  await checkTurnstile(env, site, req, ports.turnstile);
}
