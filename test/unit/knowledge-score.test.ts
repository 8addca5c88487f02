import { describe, expect, it } from 'vitest';
import { fuseRanks } from '../../worker/knowledge/dense';
import { matchTerms } from '../../worker/knowledge/retrieve';
import { answerable, coverage, idf } from '../../worker/knowledge/score';

describe('relevance score', () => {
  it('idf falls as a term gets common and never goes below zero', () => {
    expect(idf(1000, 0)).toBeGreaterThan(idf(1000, 10));
    expect(idf(1000, 10)).toBeGreaterThan(idf(1000, 900));
    expect(idf(1000, 1000)).toBeGreaterThan(0);
    expect(idf(10, 50)).toBeGreaterThanOrEqual(0);
  });

  const weights = new Map([
    ['refund', 3],
    ['window', 1],
    ['unicorn', 6],
  ]);
  const cases: [string, string[], string[], number][] = [
    ['all terms held', ['refund', 'window'], ['refund', 'window', 'extra'], 1],
    ['the rare term held', ['refund', 'window'], ['refund'], 0.75],
    ['only the common term held', ['refund', 'window'], ['window'], 0.25],
    ['nothing held', ['refund'], ['shipping'], 0],
    ['an unknown rare term weighs most', ['refund', 'window', 'unicorn'], ['refund', 'window'], 0.4],
    ['no weighted terms', ['other'], ['other'], 0],
  ];
  for (const [name, query, passage, expected] of cases) {
    it(name, () => expect(coverage(query, new Set(passage), weights)).toBeCloseTo(expected, 10));
  }

  it('the strict floor compares the best score', () => {
    expect(answerable({ best: 0.6 }, 0.5)).toBe(true);
    expect(answerable({ best: 0.5 }, 0.5)).toBe(true);
    expect(answerable({ best: 0.49 }, 0.5)).toBe(false);
  });

  it('matches the known terms, rarest first, while their postings fit the budget', () => {
    const df = new Map([
      ['account', 1500],
      ['delete', 300],
      ['facebook', 50],
    ]);
    expect(matchTerms(['account', 'delete', 'facebook'], df, 2000)).toEqual(['account', 'delete', 'facebook']);
    expect(matchTerms(['account', 'delete', 'facebook'], df, 1000)).toEqual(['delete', 'facebook']);
    expect(matchTerms(['account', 'delete', 'facebook'], df, 100)).toEqual(['facebook']);
    expect(matchTerms(['account'], df, 100)).toEqual(['account']);
    expect(matchTerms(['missing', 'facebook'], df, 2000)).toEqual(['facebook']);
    expect(matchTerms(['missing'], df, 2000)).toEqual([]);
  });
});

describe('reciprocal rank fusion', () => {
  const cases: [string, number[][], number[]][] = [
    ['one list keeps its order', [[3, 1, 2]], [3, 1, 2]],
    [
      'an id high in both lists wins',
      [
        [1, 2, 3],
        [3, 1],
      ],
      [1, 3, 2],
    ],
    ['an id only the second list has still joins', [[1, 2], [9]], [1, 9, 2]],
    ['ties keep the first list first', [[1], [2]], [1, 2]],
    ['nothing in, nothing out', [[], []], []],
  ];
  for (const [name, lists, expected] of cases) it(name, () => expect(fuseRanks(lists)).toEqual(expected));
});
