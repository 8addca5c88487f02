/**
 * Vars and secrets of the visitor API's edge (the origin, limit and Turnstile checks), apart from the
 * middleware so `worker/env.ts` can include them without an import cycle.
 */
export interface EdgeEnv {
  /**
   * `development` in local runs only: `.dev.vars` (written by `npm start`), `npm run serve` and the test
   * configs set it. Never set in a deployment.
   */
  PARLEY_ENV?: string;
  /** Turnstile's secret key (Worker secret), for sites that turn Turnstile on. */
  TURNSTILE_SECRET?: string;
  /** The siteverify endpoint; Cloudflare's unless overridden (the tests' fake). */
  TURNSTILE_VERIFY_URL?: string;
}

/** Local development: `wrangler dev` with the `.dev.vars` that `npm start` writes, `npm run serve`, tests. */
export function isLocalDev(env: EdgeEnv): boolean {
  return env.PARLEY_ENV === 'development';
}
