import { describe, expect, it } from 'vitest';
import { isResolved, type OutcomeRow, outcomeFigures, percentile } from '../../worker/outcomes/figures';

const row = (o: Partial<OutcomeRow>): OutcomeRow => ({
  site: 's',
  started_at: 0,
  handoff_at: null,
  first_agent_reply_at: null,
  closed_at: null,
  close_reason: null,
  csat: null,
  rated_down: 0,
  ...o,
});

describe('nearest-rank percentiles', () => {
  it.each([
    [[], 0.5, null],
    [[7], 0.5, 7],
    [[7], 0.9, 7],
    [[4, 1, 3, 2], 0.5, 2],
    [[4, 1, 3, 2], 0.9, 4],
    [[10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9, 90],
    [[10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.5, 50],
  ])('%j at %d is %j', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });
});

describe('what counts as resolved by the assistant', () => {
  it.each([
    ['closed, bot only, unrated', row({ closed_at: 1 }), true],
    ['closed, rated 3', row({ closed_at: 1, csat: 3 }), true],
    ['closed, rated 2', row({ closed_at: 1, csat: 2 }), false],
    ['closed, a reply rated down', row({ closed_at: 1, rated_down: 1 }), false],
    ['closed after a handoff', row({ closed_at: 1, handoff_at: 0 }), false],
    ['still open', row({}), false],
  ])('%s → %s', (_name, r, expected) => {
    expect(isResolved(r)).toBe(expected);
  });
});

describe('outcome figures', () => {
  it('has no rates without conversations (null, not 0 or NaN)', () => {
    const f = outcomeFigures([], 0);
    expect([f.handoffRate, f.resolutionRate, f.csat.mean, f.csat.satisfiedRate, f.firstResponseMs.p50]).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('measures waits from the handoff: first reply and close', () => {
    const f = outcomeFigures(
      [
        row({ handoff_at: 100, first_agent_reply_at: 400, closed_at: 1100, close_reason: 'agent', csat: 5 }),
        row({ handoff_at: 0, first_agent_reply_at: 100 }),
        row({ closed_at: 50, close_reason: 'idle', csat: 1 }),
      ],
      2,
    );
    expect(f).toMatchObject({
      conversations: 3,
      handedOff: 2,
      handoffRate: 2 / 3,
      closed: 2,
      closedByReason: { agent: 1, idle: 1 },
      resolved: 0,
      resolutionRate: 0,
      csat: { responses: 2, mean: 3, satisfiedRate: 0.5, byScore: { '1': 1, '5': 1 } },
      firstResponseMs: { count: 2, sum: 400, p50: 100, p90: 300 },
      timeToCloseMs: { count: 1, sum: 1000, p50: 1000, p90: 1000 },
      unanswered: 2,
    });
  });
});
