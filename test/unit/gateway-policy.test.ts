import { describe, expect, it } from 'vitest';
import { ParleyError } from '../../worker/errors';
import { DEFAULT_RETRY, fullJitter, retryDecision } from '../../worker/pipeline/gateway/backoff';
import { BreakerBoard, CircuitBreaker, DEFAULT_BREAKER } from '../../worker/pipeline/gateway/breaker';
import { upstreamStatusError } from '../../worker/providers/errors';

describe('full-jitter backoff', () => {
  it.each([
    [0, 0.999, 249],
    [1, 0.999, 499],
    [3, 0.5, 1000],
    [10, 0.999, 3996], // capped at 4 s
    [2, 0, 0],
  ])('attempt %i, random %f → %i ms', (attempt, r, ms) => {
    expect(fullJitter(attempt, DEFAULT_RETRY, () => r)).toBe(ms);
  });
});

describe('retry decisions', () => {
  const half = () => 0.5;
  const cases: [string, ParleyError, number, number, ReturnType<typeof retryDecision>][] = [
    ['429 Retry-After 2 waits 2 s', upstreamStatusError(429, '2'), 0, 60_000, { retry: true, delayMs: 2000 }],
    [
      'Retry-After over the cap skips to the next link',
      upstreamStatusError(429, '30'),
      0,
      60_000,
      { retry: false, reason: 'retry_after_cap' },
    ],
    ['503 backs off with jitter', upstreamStatusError(503, null), 1, 60_000, { retry: true, delayMs: 250 }],
    [
      'insufficient_quota is never retried',
      upstreamStatusError(429, null, 'insufficient_quota'),
      0,
      60_000,
      { retry: false, reason: 'not_retryable' },
    ],
    ['401 is never retried', upstreamStatusError(401, null), 0, 60_000, { retry: false, reason: 'not_retryable' }],
    ['400 is never retried', upstreamStatusError(400, null), 0, 60_000, { retry: false, reason: 'not_retryable' }],
    ['attempts run out', upstreamStatusError(502, null), 2, 60_000, { retry: false, reason: 'attempts' }],
    ['a wait past the deadline is not taken', upstreamStatusError(429, '2'), 0, 1500, { retry: false, reason: 'deadline' }],
    ['a first-token timeout is retried', new ParleyError('timeout', 't', { retryable: true }), 0, 60_000, { retry: true, delayMs: 125 }],
  ];
  for (const [name, err, attempt, remaining, expected] of cases) {
    it(name, () => expect(retryDecision(err, attempt, DEFAULT_RETRY, remaining, half)).toEqual(expected));
  }
  it('Retry-After as an HTTP date', () => {
    const e = upstreamStatusError(503, new Date(10_000).toUTCString(), null, 7_000);
    expect(e.retryAfter).toBe(3);
  });
});

describe('circuit breaker (fake clock)', () => {
  const make = () => {
    const clock = { t: 0 };
    return { clock, b: new CircuitBreaker('p', 'm', DEFAULT_BREAKER, () => clock.t) };
  };

  it('stays closed below 5 calls even when all fail', () => {
    const { b } = make();
    for (let i = 0; i < 4; i++) b.onFailure();
    expect(b.status('k').state).toBe('closed');
    expect(b.allow()).toBe(true);
  });

  it('opens at 50% of 5 calls, refuses for 30 s, then admits exactly 5 probes', () => {
    const { b, clock } = make();
    for (const ok of [true, false, true, false, false]) {
      if (ok) b.onSuccess();
      else b.onFailure();
    }
    expect(b.status('k').state).toBe('open');
    expect(b.allow()).toBe(false);
    clock.t += 29_999;
    expect(b.allow()).toBe(false);
    clock.t += 1;
    const admitted = Array.from({ length: 7 }, () => b.allow());
    expect(admitted).toEqual([true, true, true, true, true, false, false]);
    for (let i = 0; i < 5; i++) b.onSuccess();
    expect(b.status('k')).toMatchObject({ state: 'closed', calls: 0, opened: 1 });
  });

  it('a failing probe reopens it for another 30 s', () => {
    const { b, clock } = make();
    for (let i = 0; i < 5; i++) b.onFailure();
    clock.t += 30_000;
    expect(b.allow()).toBe(true);
    b.onFailure();
    expect(b.status('k')).toMatchObject({ state: 'open', retryAt: 60_000, opened: 2 });
  });

  it('forgets outcomes older than the window', () => {
    const { b, clock } = make();
    for (let i = 0; i < 4; i++) b.onFailure();
    clock.t += 61_000;
    b.onFailure();
    expect(b.status('k')).toMatchObject({ state: 'closed', calls: 1, failures: 1 });
  });

  it('a board keeps one breaker per provider instance and model', () => {
    const board = new BreakerBoard(() => 0);
    expect(board.get('deepseek url', 'deepseek', 'deepseek-chat')).toBe(board.get('deepseek url', 'deepseek', 'deepseek-chat'));
    expect(board.get('deepseek url', 'deepseek', 'deepseek-reasoner')).not.toBe(board.get('deepseek url', 'deepseek', 'deepseek-chat'));
    expect(board.statuses().map((s) => s.model)).toEqual(['deepseek-chat', 'deepseek-reasoner']);
  });
});

describe('half-open probes cut short by a client', () => {
  it('a released probe slot is given to the next call', () => {
    const clock = { t: 0 };
    const b = new CircuitBreaker('p', 'm', DEFAULT_BREAKER, () => clock.t);
    for (let i = 0; i < 5; i++) b.onFailure();
    clock.t += 30_000;
    for (let i = 0; i < 5; i++) expect(b.allow()).toBe(true);
    expect(b.allow()).toBe(false);
    b.release();
    expect(b.allow()).toBe(true);
  });
});
