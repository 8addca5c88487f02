import { ParleyError } from '../errors';

/** A provider failure: a ParleyError that also carries the upstream HTTP status (0 = network, timeout or stream fault). */
export class ProviderError extends ParleyError {
  readonly upstreamStatus: number;

  constructor(
    code: ConstructorParameters<typeof ParleyError>[0],
    message: string,
    opts: { retryable?: boolean; retryAfter?: number; cause?: unknown; upstreamStatus?: number } = {},
  ) {
    super(code, message, opts);
    this.name = 'ProviderError';
    this.upstreamStatus = opts.upstreamStatus ?? 0;
  }
}

/** Parse `Retry-After` (seconds or an HTTP date) into seconds; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - nowMs) / 1000);
}

/**
 * Map a non-2xx upstream answer to a typed error, never echoing the body (it may quote the key).
 * 429/5xx are retryable; `insufficient_quota`, 400, 401, 403, 404 are not.
 */
export function upstreamStatusError(
  status: number,
  retryAfter: string | null,
  errorCode?: string | null,
  nowMs = Date.now(),
): ProviderError {
  const after = parseRetryAfter(retryAfter, nowMs);
  if (errorCode === 'insufficient_quota' || status === 402) {
    return new ProviderError('upstream_error', 'The model provider account is out of quota.', { retryable: false, upstreamStatus: status });
  }
  if (status === 429) {
    return new ProviderError('upstream_unavailable', 'The model provider is rate limiting us.', {
      retryable: true,
      retryAfter: after,
      upstreamStatus: status,
    });
  }
  if (status === 408 || status >= 500) {
    return new ProviderError('upstream_unavailable', `The model provider failed (HTTP ${status}).`, {
      retryable: true,
      retryAfter: after,
      upstreamStatus: status,
    });
  }
  return new ProviderError('upstream_error', `The model provider refused the request (HTTP ${status}).`, {
    retryable: false,
    upstreamStatus: status,
  });
}
