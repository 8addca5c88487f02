/**
 * The gateway's ports and policy, and the one instance an isolate shares: breakers must outlive a
 * request to see a failure rate, and building them per request would cost time on the hot path.
 */

import { DEFAULT_RETRY, type RetryPolicy } from './backoff';
import { BreakerBoard, type BreakerPolicy, DEFAULT_BREAKER } from './breaker';

export interface GatewayPolicy {
  retry: RetryPolicy;
  /** Absolute time from an attempt's start to its first chunk; keep-alive comments do not reset it. */
  firstTokenMs: number;
  /** Everything — all attempts on all links, and the stream itself — ends by then. */
  totalMs: number;
}

export const DEFAULT_POLICY: GatewayPolicy = { retry: DEFAULT_RETRY, firstTokenMs: 20_000, totalMs: 120_000 };

export interface GatewayPorts {
  fetch: typeof fetch;
  now: () => number;
  random: () => number;
  /** Wait `ms`, resolving early when `signal` aborts. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  breakers: BreakerBoard;
  policy: GatewayPolicy;
}

/** A real sleep that a client abort cuts short. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Fresh ports with real time; tests pass their own clock, sleep and policy. */
export function createGateway(overrides: Partial<GatewayPorts> = {}, breakerPolicy: BreakerPolicy = DEFAULT_BREAKER): GatewayPorts {
  const now = overrides.now ?? (() => Date.now());
  return {
    fetch: (input, init) => fetch(input, init),
    now,
    random: Math.random,
    sleep: abortableSleep,
    breakers: overrides.breakers ?? new BreakerBoard(now, breakerPolicy),
    policy: DEFAULT_POLICY,
    ...overrides,
  };
}

/** The isolate's gateway: routes use it; Worker tests may swap its clock, sleep or policy in place. */
export const isolateGateway: GatewayPorts = createGateway();
