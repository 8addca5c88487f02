/**
 * The visitor API's first check: secrets a deployment must have before it serves visitors. Without
 * `AUDIT_SALT`, visitor hashes in audit rows would be salted with a public development value anyone can
 * recompute (and so reverse for guessable ids): outside local development every visitor request is
 * refused with a `MissingSecretError` and a log line naming the secret, on every request, so a deploy
 * that forgot it fails loudly at once rather than quietly writing weak hashes.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../env';
import { ParleyError } from '../../errors';
import { isLocalDev } from './edge-env';

export { type EdgeEnv, isLocalDev } from './edge-env';

/** A secret the deployment needs is not set: answered `internal` (500, not retryable), logged by name. */
export class MissingSecretError extends ParleyError {
  readonly secret: string;

  constructor(secret: string, why: string) {
    super('internal', 'This chat is not configured correctly yet; please try again later.', { retryable: false });
    this.name = 'MissingSecretError';
    this.secret = secret;
    console.error(JSON.stringify({ level: 'error', event: 'missing_secret', secret, why }));
  }
}

/** Refuse visitor traffic when `AUDIT_SALT` is unset outside local development. */
export function visitorGate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.env.AUDIT_SALT && !isLocalDev(c.env) && c.req.method !== 'OPTIONS') {
      throw new MissingSecretError('AUDIT_SALT', 'visitor hashes in audit rows need a secret salt (wrangler secret put AUDIT_SALT)');
    }
    await next();
  };
}
