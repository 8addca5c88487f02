/**
 * A circuit breaker per provider+model, tuned for low traffic: it opens when at least `minCalls` of
 * the calls in a small sliding window failed at `failureRate` or more, stays open `openMs`, then lets
 * `probes` calls through half-open; all succeeding closes it, any failing reopens it. Time is injected.
 */

export interface BreakerPolicy {
  windowMs: number;
  /** Only the newest `windowSize` outcomes inside the window count. */
  windowSize: number;
  minCalls: number;
  failureRate: number;
  openMs: number;
  probes: number;
}

export const DEFAULT_BREAKER: BreakerPolicy = {
  windowMs: 60_000,
  windowSize: 20,
  minCalls: 5,
  failureRate: 0.5,
  openMs: 30_000,
  probes: 5,
};

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerStatus {
  key: string;
  provider: string;
  model: string;
  state: BreakerState;
  calls: number;
  failures: number;
  /** Epoch ms when an open breaker lets probes through. */
  retryAt: number | null;
  opened: number;
}

export class CircuitBreaker {
  private outcomes: { at: number; ok: boolean }[] = [];
  private state: BreakerState = 'closed';
  private openedAt = 0;
  private probesStarted = 0;
  private probesOk = 0;
  private opened = 0;

  constructor(
    readonly provider: string,
    readonly model: string,
    private readonly policy: BreakerPolicy,
    private readonly now: () => number,
  ) {}

  /** May a call go through now? Half-open admits at most `probes` calls. */
  allow(): boolean {
    if (this.state === 'open') {
      if (this.now() - this.openedAt < this.policy.openMs) return false;
      this.state = 'half_open';
      this.probesStarted = 0;
      this.probesOk = 0;
    }
    if (this.state === 'half_open') {
      if (this.probesStarted >= this.policy.probes) return false;
      this.probesStarted++;
    }
    return true;
  }

  /** A call admitted by `allow()` ended with no verdict (the client went away): free its probe slot. */
  release(): void {
    if (this.state === 'half_open' && this.probesStarted > 0) this.probesStarted--;
  }

  onSuccess(): void {
    if (this.state === 'half_open') {
      if (++this.probesOk >= this.policy.probes) this.close();
      return;
    }
    this.push(true);
  }

  onFailure(): void {
    if (this.state === 'half_open') {
      this.open();
      return;
    }
    if (this.state === 'open') return;
    this.push(false);
    const { calls, failures } = this.counts();
    if (calls >= this.policy.minCalls && failures / calls >= this.policy.failureRate) this.open();
  }

  status(key: string): BreakerStatus {
    const { calls, failures } = this.counts();
    const state = this.state === 'open' && this.now() - this.openedAt >= this.policy.openMs ? 'half_open' : this.state;
    return {
      key,
      provider: this.provider,
      model: this.model,
      state,
      calls,
      failures,
      retryAt: this.state === 'open' ? this.openedAt + this.policy.openMs : null,
      opened: this.opened,
    };
  }

  private push(ok: boolean): void {
    this.outcomes.push({ at: this.now(), ok });
    if (this.outcomes.length > this.policy.windowSize) this.outcomes.shift();
  }

  private counts(): { calls: number; failures: number } {
    const since = this.now() - this.policy.windowMs;
    while (this.outcomes.length > 0 && (this.outcomes[0]?.at ?? 0) < since) this.outcomes.shift();
    let failures = 0;
    for (const o of this.outcomes) if (!o.ok) failures++;
    return { calls: this.outcomes.length, failures };
  }

  private open(): void {
    this.state = 'open';
    this.openedAt = this.now();
    this.opened++;
  }

  private close(): void {
    this.state = 'closed';
    this.outcomes = [];
  }
}

/** All breakers of an isolate, keyed by provider instance and model. */
export class BreakerBoard {
  private readonly breakers = new Map<string, CircuitBreaker>();

  constructor(
    public now: () => number = () => Date.now(),
    private readonly policy: BreakerPolicy = DEFAULT_BREAKER,
  ) {}

  /** The breaker for a provider instance (`key`, e.g. id + endpoint) and model. */
  get(providerKey: string, providerId: string, model: string): CircuitBreaker {
    const key = `${providerKey}|${model}`;
    let b = this.breakers.get(key);
    if (!b) {
      b = new CircuitBreaker(providerId, model, this.policy, () => this.now());
      this.breakers.set(key, b);
    }
    return b;
  }

  statuses(): BreakerStatus[] {
    return [...this.breakers].map(([key, b]) => b.status(key));
  }
}
