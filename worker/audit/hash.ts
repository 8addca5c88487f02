/** Salted, keyed hashes: a visitor id becomes an opaque value that cannot be reversed or guessed. */

/** Used only when no `AUDIT_SALT` secret is set (local development and tests). */
export const DEV_AUDIT_SALT = 'parley-dev-audit-salt-not-for-production';

import { hmacHex } from '../digest';

/** The audit id of a visitor on a site: HMAC(salt, site:visitor), 32 hex digits. */
export async function visitorHash(salt: string, site: string, visitorId: string): Promise<string> {
  return (await hmacHex(salt, `${site}:${visitorId}`)).slice(0, 32);
}
