/**
 * OAuth2 client-credentials for providers that want a short-lived bearer token instead of a static
 * key. The token is cached and refreshed 10 minutes before it expires; concurrent callers share one
 * refresh. Clock and fetch are injected so expiry is testable without waiting.
 */
import { ProviderError } from '../errors';

export interface OAuth2Options {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
}

export interface OAuth2Ports {
  fetch: typeof fetch;
  now: () => number;
}

/** Refresh this long before `expires_in` runs out. */
export const REFRESH_MARGIN_MS = 10 * 60_000;

export interface TokenSource {
  /** A valid access token, fetched or refreshed when needed. */
  token(signal?: AbortSignal): Promise<string>;
}

/** A cached client-credentials token source. */
export function oauth2TokenSource(opts: OAuth2Options, ports: OAuth2Ports): TokenSource {
  let cached: { token: string; refreshAt: number } | null = null;
  let inflight: Promise<string> | null = null;

  async function fetchToken(signal?: AbortSignal): Promise<string> {
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (opts.scope) form.set('scope', opts.scope);
    let res: Response;
    try {
      res = await ports.fetch(opts.tokenUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${btoa(`${encodeURIComponent(opts.clientId)}:${encodeURIComponent(opts.clientSecret)}`)}`,
        },
        body: form.toString(),
        signal,
      });
    } catch (cause) {
      throw new ProviderError('upstream_unavailable', 'Could not reach the provider token endpoint.', { retryable: true, cause });
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new ProviderError('upstream_error', `The provider token endpoint refused us (HTTP ${res.status}).`, {
        retryable: res.status >= 500,
        upstreamStatus: res.status,
      });
    }
    const json = (await res.json()) as { access_token?: unknown; expires_in?: unknown };
    if (typeof json.access_token !== 'string' || json.access_token === '') {
      throw new ProviderError('upstream_error', 'The provider token endpoint sent no access token.', { retryable: false });
    }
    const ttlMs = (typeof json.expires_in === 'number' && json.expires_in > 0 ? json.expires_in : 3600) * 1000;
    // A token shorter-lived than the margin is refreshed at half its life instead of immediately.
    const margin = ttlMs > REFRESH_MARGIN_MS * 2 ? REFRESH_MARGIN_MS : ttlMs / 2;
    cached = { token: json.access_token, refreshAt: ports.now() + ttlMs - margin };
    return json.access_token;
  }

  return {
    token(signal) {
      if (cached && ports.now() < cached.refreshAt) return Promise.resolve(cached.token);
      inflight ??= fetchToken(signal).finally(() => {
        inflight = null;
      });
      return inflight;
    },
  };
}
