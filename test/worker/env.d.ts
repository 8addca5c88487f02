declare namespace Cloudflare {
  interface Env {
    /** Base URL of the mock LLM upstream started by the test run's global setup. */
    MOCK_UPSTREAM: string;
  }
}
