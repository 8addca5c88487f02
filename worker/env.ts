import type { AdminPrincipal } from './auth/types';
import type { ConversationEnv } from './conversation/config';
import type { EdgeEnv } from './middleware/visitor-gate/edge-env';
import type { ProviderEnv } from './providers/registry';

/** Bindings from wrangler.toml (generated `Env`) plus the secrets a deployment may set. */
export type WorkerEnv = Env &
  ProviderEnv &
  ConversationEnv &
  EdgeEnv & {
    /** Bootstrap admin bearer token (secret). */
    ADMIN_TOKEN?: string;
    /** Salt of visitor hashes in audit rows (secret; required outside local dev, see middleware/visitor-gate). */
    AUDIT_SALT?: string;
    /** Bearer token a Prometheus scraper may use for `/metrics` (secret). */
    METRICS_TOKEN?: string;
    /** Where alerts are POSTed when a site sets no webhook, and the HMAC key that signs them (secrets). */
    ALERT_WEBHOOK_URL?: string;
    ALERT_WEBHOOK_SECRET?: string;
  };

export interface Vars {
  requestId: string;
  /** Set by the require-role middleware on admin routes. */
  admin?: AdminPrincipal;
}

export type AppEnv = { Bindings: WorkerEnv; Variables: Vars };
