/**
 * The settings a conversation object reads from its own env (secrets and vars of the deployment), and
 * the call context the Worker passes with each call: identities only, never settings or secrets.
 */
import type { Limits } from '../../shared/config';
import type { ProviderEnv } from '../providers/registry';
import type { ConversationKeyEnv, Owner } from './conversation-token';

/** Secrets and vars that shape a conversation (all optional; defaults apply). */
export interface ConversationEnv extends ProviderEnv, ConversationKeyEnv {
  /** Master secret from which each site's visitor-token secret is derived (see visitor-token.ts). */
  VISITOR_TOKEN_SECRET?: string;
  /** JSON map `{ "<siteKey>": "https://…/hook" }`: where handoffs are announced. */
  HANDOFF_WEBHOOKS?: string;
  /** Secret that signs handoff webhook bodies (HMAC-SHA256). */
  HANDOFF_WEBHOOK_SECRET?: string;
  /** Overrides every site's messages per visitor per minute (each site sets its own, default 20). */
  VISITOR_MSGS_PER_MIN?: string;
  /** Most messages a conversation may hold (default 400). */
  CONVERSATION_MAX_MESSAGES?: string;
}

/**
 * The limits in effect: the site's own (`SiteConfig.limits`), unless the deployment overrides the
 * per-minute rate for every site (`VISITOR_MSGS_PER_MIN`: an incident brake, or headroom for a load
 * test); the conversation length is a deployment setting (default 400).
 */
export function limitsOf(
  env: ConversationEnv,
  site: Pick<Limits, 'messagesPerMinute' | 'maxMessageChars'>,
): { perMinute: number; maxMessages: number; maxChars: number } {
  const n = (v: string | undefined, d: number) => (v && Number.isFinite(Number(v)) && Number(v) > 0 ? Math.floor(Number(v)) : d);
  return {
    perMinute: n(env.VISITOR_MSGS_PER_MIN, site.messagesPerMinute),
    maxMessages: n(env.CONVERSATION_MAX_MESSAGES, 400),
    maxChars: site.maxMessageChars,
  };
}

/** Header of the WebSocket upgrade request carrying its call context from the Worker to the object. */
export const CALL_CONTEXT_HEADER = 'x-parley-call';

/** What the Worker tells the object about a connection or a call: only what the object cannot know itself. */
export interface CallContext {
  siteKey: string;
  conversationId: string;
  /** The owner the Worker checked the conversation token for (or minted the conversation for). */
  owner: Owner;
  /** That token, handed back in `ready` to the owner. */
  conversationToken: string;
  /** True when the Worker minted this conversation for this call: the only call that may create it. */
  fresh: boolean;
  /** The visitor's verified `sub` when a visitor token came with the call (HTTP header); else checked at `hello`. */
  verifiedSub?: string;
}
