/**
 * The settings a conversation object reads from the Worker's env, and the one internal channel by
 * which the Worker hands them over. In production the object's own env holds the same values; the
 * Worker forwards its view so both always agree (and so tests that give the Worker a different env,
 * e.g. a provider pointed at the mock upstream, reach the object). Clients never reach this channel:
 * the Worker builds every request to the object itself.
 */
import type { Limits } from '../../shared/config';
import type { ProviderEnv } from '../providers/registry';

/** Secrets and vars that shape a conversation (all optional; defaults apply). */
export interface ConversationEnv extends ProviderEnv {
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
  /** Salt of visitor hashes in audit rows (issue 9). */
  AUDIT_SALT?: string;
}

const KEYS = [
  'DEEPSEEK_API_KEY',
  'DEEPSEEK_BASE_URL',
  'SILICONFLOW_API_KEY',
  'SILICONFLOW_BASE_URL',
  'OPENAI_BASE_URL',
  'OPENAI_API_KEY',
  'OPENAI_MODEL',
  'OPENAI_OAUTH_TOKEN_URL',
  'OPENAI_OAUTH_CLIENT_ID',
  'OPENAI_OAUTH_CLIENT_SECRET',
  'OPENAI_OAUTH_SCOPE',
  'WORKERS_AI_MODEL',
  'FAQ_PACE_MS',
  'VISITOR_TOKEN_SECRET',
  'HANDOFF_WEBHOOKS',
  'HANDOFF_WEBHOOK_SECRET',
  'VISITOR_MSGS_PER_MIN',
  'CONVERSATION_MAX_MESSAGES',
  'AUDIT_SALT',
] as const satisfies readonly (keyof ConversationEnv)[];

/** The Worker's view of the conversation settings, to hand to the object. */
export function conversationEnvOf(env: ConversationEnv): ConversationEnv {
  const out: Record<string, string> = {};
  for (const k of KEYS) {
    const v = env[k];
    if (typeof v === 'string') out[k] = v;
  }
  return out as ConversationEnv;
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

/** Header carrying the internal call context from the Worker to the object. */
export const INTERNAL_HEADER = 'x-parley-conversation';

/** What the Worker tells the object about a connection or a call. */
export interface CallContext {
  siteKey: string;
  conversationId: string;
  /** Verified (token `sub`) or client-chosen anonymous visitor id. */
  visitorId: string;
  /** True when the visitor id came from a verified token. */
  verified: boolean;
  env: ConversationEnv;
}
