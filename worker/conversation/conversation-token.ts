/**
 * Conversations belong to their visitor (DESIGN decision 2). The server mints every conversation id together
 * with a conversation token: `base64url(owner) + "." + hex(HMAC-SHA256(key, site \n conversation \n owner))`. The
 * owner is `user:<sub>` for a visitor with a verified token and `anon:<random>` otherwise, so an anonymous
 * visitor can never pass for a verified one. The Worker checks the token before it calls the conversation's
 * object, so a guessed or leaked id alone reaches nothing and creates nothing.
 */
import { hmacHex, timingSafeEqual } from '../digest';
import { ParleyError } from '../errors';

/** Who a conversation belongs to. */
export type Owner = `anon:${string}` | `user:${string}`;

/** The secrets a conversation key may come from, and how local development is told apart. */
export interface ConversationKeyEnv {
  CONVERSATION_TOKEN_SECRET?: string;
  VISITOR_TOKEN_SECRET?: string;
  ADMIN_TOKEN?: string;
  AUDIT_SALT?: string;
  /** `development` in local runs only (`npm start`'s `.dev.vars`, `npm run serve`, the tests); never in a deployment. */
  PARLEY_ENV?: string;
}

/** The public key local development falls back to; a deployment without a secret refuses instead. */
const DEV_KEY = 'parley-local-development-conversation-key';

/** Keys derived from another secret, per secret: every visitor request checks or mints a token with one. */
const derivedKeys = new Map<string, Promise<string>>();

/**
 * The key conversation tokens are signed with: `CONVERSATION_TOKEN_SECRET`, else one derived from another
 * configured secret (`npm start` always has `ADMIN_TOKEN` in `.dev.vars`), else (local development only) a fixed key. Throws `internal` rather than use a public key.
 */
export function conversationKey(env: ConversationKeyEnv): Promise<string> {
  if (env.CONVERSATION_TOKEN_SECRET) return Promise.resolve(env.CONVERSATION_TOKEN_SECRET);
  const base = env.VISITOR_TOKEN_SECRET || env.ADMIN_TOKEN || env.AUDIT_SALT;
  if (base) {
    let derived = derivedKeys.get(base);
    if (!derived) {
      derived = hmacHex(base, 'conversation-token');
      derivedKeys.set(base, derived);
    }
    return derived;
  }
  if (env.PARLEY_ENV === 'development') return Promise.resolve(DEV_KEY);
  console.error(JSON.stringify({ level: 'error', event: 'conversation_key_missing', fix: 'set the CONVERSATION_TOKEN_SECRET secret' }));
  return Promise.reject(new ParleyError('internal', 'Conversations are not configured on this deployment (no CONVERSATION_TOKEN_SECRET).'));
}

/**
 * The owner of a new conversation: the verified visitor, or an anonymous one under the label the client keeps
 * for itself (`visitorId`, which proves nothing: the conversation token does) or a fresh random one.
 */
export function newOwner(verifiedSub: string | undefined, anonymousLabel?: string): Owner {
  return verifiedSub !== undefined ? `user:${verifiedSub}` : `anon:${anonymousLabel ?? crypto.randomUUID()}`;
}

const b64url = (text: string): string => btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const unb64url = (text: string): string => atob(text.replace(/-/g, '+').replace(/_/g, '/'));

async function mac(env: ConversationKeyEnv, siteKey: string, conversationId: string, owner: Owner): Promise<string> {
  return hmacHex(await conversationKey(env), `conversation-token\n${siteKey}\n${conversationId}\n${owner}`);
}

/** The token that proves `owner` holds `siteKey:conversationId`. */
export async function conversationTokenFor(
  env: ConversationKeyEnv,
  siteKey: string,
  conversationId: string,
  owner: Owner,
): Promise<string> {
  return `${b64url(owner)}.${await mac(env, siteKey, conversationId, owner)}`;
}

/** Mint a conversation: a server-chosen id and the token that proves `owner` holds it. */
export async function mintConversation(
  env: ConversationKeyEnv,
  siteKey: string,
  owner: Owner,
): Promise<{ conversationId: string; conversationToken: string }> {
  const conversationId = crypto.randomUUID();
  return { conversationId, conversationToken: await conversationTokenFor(env, siteKey, conversationId, owner) };
}

const refused = () => new ParleyError('unauthorized', 'This conversation needs its conversation token (or it is not yours).');

/** The owner a conversation token proves for `siteKey:conversationId`; `unauthorized` when missing or forged. */
export async function verifyConversationToken(
  env: ConversationKeyEnv,
  siteKey: string,
  conversationId: string,
  token: string | undefined,
): Promise<Owner> {
  if (!token) throw refused();
  const dot = token.indexOf('.');
  let owner: string;
  try {
    owner = unb64url(token.slice(0, dot));
  } catch {
    throw refused();
  }
  if (dot < 1 || !/^(anon|user):.{1,128}$/.test(owner)) throw refused();
  const expected = await mac(env, siteKey, conversationId, owner as Owner);
  if (!timingSafeEqual(token.slice(dot + 1), expected)) throw refused();
  return owner as Owner;
}

/**
 * Check that the identity presented now (`verifiedSub` from a visitor token, or none) is the conversation's
 * owner: a verified user's conversation admits only that `sub`, an anonymous one only visitors without a token.
 */
export function assertOwner(owner: Owner, verifiedSub: string | undefined): void {
  if (owner.startsWith('user:') ? verifiedSub !== owner.slice(5) : verifiedSub !== undefined) {
    throw new ParleyError('unauthorized', 'This conversation belongs to another visitor; start a new one.');
  }
}
