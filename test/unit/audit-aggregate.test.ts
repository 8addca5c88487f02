import { describe, expect, it } from 'vitest';
import { percentile, timeSeries, windowStats } from '../../worker/ops/aggregate';

describe('aggregation', () => {
  it.each([
    [[], 50, null],
    [[5], 99, 5],
    [[1, 2, 3, 4], 50, 2],
    [[1, 2, 3, 4], 95, 4],
    [Array.from({ length: 100 }, (_, i) => i + 1), 99, 99],
    [Array.from({ length: 100 }, (_, i) => 100 - i), 50, 50],
  ])('nearest-rank percentile of %j at p%i is %j', (values, p, want) => {
    expect(percentile(values, p)).toBe(want);
  });

  it('buckets samples by time and computes rates per bucket', () => {
    const s = (at: number, status = 'done', cached = 0, feedback: number | null = null) => ({
      at,
      site: 's',
      intent: null,
      tier: 'default',
      model: 'm',
      cached,
      ttfd_ms: 100,
      total_ms: 200,
      tokens_in: 1,
      tokens_out: 2,
      cost_usd: 0.5,
      status,
      error_code: status === 'error' ? 'timeout' : null,
      feedback,
    });
    const series = timeSeries([s(0), s(10, 'error'), s(60, 'done', 1), s(119), s(120)], 0, 120, 2);
    expect(series.map((p) => [p.t, p.turns, p.errorRate, p.cacheHitRate])).toEqual([
      [0, 2, 0.5, 0],
      [60, 2, 0, 0.5],
    ]);
    expect(windowStats([s(0), s(1)])).toMatchObject({ turns: 2, costUsd: 1, tokensOut: 4, ttfdP50: 100 });
    expect(windowStats([s(0, 'done', 0, 1), s(1, 'done', 0, -1), s(2, 'done', 0, 1), s(3)])).toMatchObject({
      feedbackUp: 2,
      feedbackDown: 1,
    });
  });
});
