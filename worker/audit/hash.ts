/** Salted, keyed hashes: a visitor id becomes an opaque value that cannot be reversed or guessed. */

/** Used only when no `AUDIT_SALT` secret is set (local development and tests). */
export const DEV_AUDIT_SALT = 'parley-dev-audit-salt-not-for-production';

const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let k = keys.get(secret);
  if (!k) {
    k = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    keys.set(secret, k);
  }
  return k;
}

/** HMAC-SHA256 of `message` under `secret`, as lowercase hex. */
export async function hmacHex(secret: string, message: string): Promise<string> {
  const sig = await crypto.subtle.sign('HMAC', await hmacKey(secret), new TextEncoder().encode(message));
  return [...new Uint8Array(sig)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The audit id of a visitor on a site: HMAC(salt, site:visitor), 32 hex digits. */
export async function visitorHash(salt: string, site: string, visitorId: string): Promise<string> {
  return (await hmacHex(salt, `${site}:${visitorId}`)).slice(0, 32);
}
