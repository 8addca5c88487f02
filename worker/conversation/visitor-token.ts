/**
 * Visitor identity for logged-in visitors and mobile apps: a short-lived HS256 JWT (`sub` = the site's
 * user id, `iat` and `exp` required, living at most `MAX_VISITOR_TOKEN_SECONDS`) signed with the site's secret. Each site's secret is derived from the
 * deployment's `VISITOR_TOKEN_SECRET` (a Worker secret) so one secret serves many sites without any of
 * them being able to sign for another: `siteSecret = hex(HMAC-SHA256(VISITOR_TOKEN_SECRET, "visitor-token:" + siteKey))`.
 * The site owner's backend is given its derived secret and signs tokens with it.
 */
import { sign, verify } from 'hono/jwt';
import { hmacHex } from '../digest';
import { ParleyError } from '../errors';

/**
 * The longest a visitor token may live: from `iat` to `exp`, and from now to `exp`. A leaked token is
 * then good for a day at most, however far ahead its signer set `exp`.
 */
export const MAX_VISITOR_TOKEN_SECONDS = 24 * 3600;

/** The secret a site's backend uses to sign its visitors' tokens. */
export function siteTokenSecret(master: string, siteKey: string): Promise<string> {
  return hmacHex(master, `visitor-token:${siteKey}`);
}

/** Sign a visitor token (site backends do this; tests and the reference client too). */
export async function signVisitorToken(
  siteSecret: string,
  sub: string,
  ttlSeconds: number,
  nowSeconds = Math.floor(Date.now() / 1000),
  attributes: { name?: string; email?: string } = {},
) {
  return sign({ ...attributes, sub, iat: nowSeconds, exp: nowSeconds + ttlSeconds }, siteSecret, 'HS256');
}

/** Verify a visitor token for a site; the `sub` on success, `unauthorized` when forged, expired, too long-lived or unconfigured. */
export async function verifyVisitorToken(token: string, siteKey: string, master: string | undefined): Promise<string> {
  return (await visitorTokenClaims(token, siteKey, master)).sub;
}

/** What a verified visitor token says: its `sub`, and the optional `name` and `email` the site signed with it. */
export interface VisitorClaims {
  sub: string;
  name?: string;
  email?: string;
}

/** Verify a visitor token as `verifyVisitorToken` does, and return its identity claims (verified by the site's signature). */
export async function visitorTokenClaims(token: string, siteKey: string, master: string | undefined): Promise<VisitorClaims> {
  if (!master) throw new ParleyError('unauthorized', 'Visitor tokens are not enabled on this deployment.');
  let payload: Record<string, unknown>;
  try {
    payload = await verify(token, await siteTokenSecret(master, siteKey), 'HS256');
  } catch {
    throw new ParleyError('unauthorized', 'The visitor token is invalid or expired.');
  }
  const sub = payload.sub;
  const { exp, iat } = payload;
  if (typeof exp !== 'number') throw new ParleyError('unauthorized', 'The visitor token has no expiry.');
  if (typeof iat !== 'number') throw new ParleyError('unauthorized', 'The visitor token has no issue time.');
  if (exp - iat > MAX_VISITOR_TOKEN_SECONDS || exp - Date.now() / 1000 > MAX_VISITOR_TOKEN_SECONDS)
    throw new ParleyError('unauthorized', 'The visitor token lives longer than 24 hours.');
  if (typeof sub !== 'string' || !/^[A-Za-z0-9_.:@-]{1,128}$/.test(sub))
    throw new ParleyError('unauthorized', 'The visitor token has no usable subject.');
  const name = typeof payload.name === 'string' && payload.name.length <= 100 ? { name: payload.name } : {};
  const email = typeof payload.email === 'string' && payload.email.length <= 254 ? { email: payload.email } : {};
  return { sub, ...name, ...email };
}
