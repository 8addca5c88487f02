declare namespace Cloudflare {
  interface Env {
    /** Base URL of the mock LLM upstream started by the test run's global setup. */
    MOCK_UPSTREAM: string;
    /** D1 migrations read from worker/migrations by the vitest config. */
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
  }
}
