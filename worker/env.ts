import type { AdminPrincipal } from './auth/require-role';
import type { ConversationEnv } from './conversation/config';
import type { ProviderEnv } from './providers/registry';

/** Bindings from wrangler.toml (generated `Env`) plus the secrets a deployment may set. */
export type WorkerEnv = Env &
  ProviderEnv &
  ConversationEnv & {
    /** Bootstrap admin bearer token (secret). */
    ADMIN_TOKEN?: string;
  };

export interface Vars {
  requestId: string;
  /** Set by requireRole on admin routes. */
  admin?: AdminPrincipal;
}

export type AppEnv = { Bindings: WorkerEnv; Variables: Vars };

/** The secrets object handed to providers: only provider credentials, never the whole env. */
export function providerSecrets(env: WorkerEnv): Record<string, string | undefined> {
  return { DEEPSEEK_API_KEY: env.DEEPSEEK_API_KEY, OPENAI_API_KEY: env.OPENAI_API_KEY };
}
