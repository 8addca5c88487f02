import { describe, expect, it } from 'vitest';
import { type Evidence, RELEVANCE_MODEL, rarestMissing, recall, relevance } from '../../worker/knowledge/relevance';
import { DEFAULT_FLOOR } from '../../worker/knowledge/score';
import { atFloor, chooseFloor, type FloorSample, fitRelevance, floorRates } from '../bench/knowledge-floor';

const none: Evidence = { coverage: 0, titleCoverage: 0, titleRecall: 0, bm25Share: 0, margin: 0, unknownShare: 0, rarestMissing: 0 };

describe('the relevance model behind the strict floor', () => {
  it('rises with the share of the question a passage holds, in its body and in its name', () => {
    const body = relevance({ ...none, coverage: 0.9, bm25Share: 0.5 });
    expect(body).toBeGreaterThan(relevance({ ...none, coverage: 0.3, bm25Share: 0.5 }));
    expect(relevance({ ...none, coverage: 0.9, bm25Share: 0.5, titleCoverage: 0.8, titleRecall: 0.7 })).toBeGreaterThan(body);
  });

  it('clears the floor for a passage that holds the question and its name, not for one sharing only common words', () => {
    const asked = { ...none, coverage: 0.85, titleCoverage: 0.7, titleRecall: 0.6, bm25Share: 0.45, margin: 0.2 };
    const nearMiss = { ...none, coverage: 0.3, titleCoverage: 0.2, titleRecall: 0.2, bm25Share: 0.2, rarestMissing: 0.6 };
    expect(relevance(asked)).toBeGreaterThanOrEqual(DEFAULT_FLOOR);
    expect(relevance(nearMiss)).toBeLessThan(DEFAULT_FLOOR);
  });

  it('stays in (0, 1)', () => {
    for (const e of [none, { ...none, coverage: 1, titleCoverage: 1, titleRecall: 1, bm25Share: 1, margin: 1 }]) {
      expect(relevance(e)).toBeGreaterThan(0);
      expect(relevance(e)).toBeLessThan(1);
    }
  });

  it('reads the name recall and the rarest missing term', () => {
    expect(recall(['refund', 'card'], new Set(['refund']))).toBe(0.5);
    expect(recall([], new Set(['refund']))).toBe(0);
    const idf = new Map([
      ['refund', 2],
      ['unicorn', 6],
    ]);
    expect(rarestMissing(['refund', 'unicorn'], new Set(['refund']), idf, 8)).toBe(0.75);
    expect(rarestMissing(['refund'], new Set(['refund']), idf, 8)).toBe(0);
  });
});

describe('fitting the floor (the benchmark)', () => {
  // Answerable questions hold much of their passage; unanswerable ones little, with a missing rare term.
  const sample = (i: number, answerable: boolean): FloorSample => {
    const jitter = ((i * 37) % 17) / 100;
    const e: Evidence = answerable
      ? { ...none, coverage: 0.6 + jitter, titleCoverage: 0.5 + jitter, titleRecall: 0.5, bm25Share: 0.4 + jitter / 2 }
      : { ...none, coverage: 0.25 + jitter, titleCoverage: 0.1 + jitter, titleRecall: 0.1, bm25Share: 0.2, rarestMissing: 1 };
    return { evidence: [e], answerable };
  };
  const samples = [...Array.from({ length: 60 }, (_, i) => sample(i, true)), ...Array.from({ length: 20 }, (_, i) => sample(i, false))];

  it('separates what it was given, and moving the floor keeps every decision', () => {
    const model = fitRelevance(samples, 0.001, 3000, 8);
    const floor = chooseFloor(samples, model, 0.95);
    const rates = floorRates(samples, model, floor);
    expect(rates.answer).toBeGreaterThanOrEqual(0.95);
    expect(rates.decline).toBe(1);
    const moved = atFloor(model, floor, 0.5);
    expect(floorRates(samples, moved, 0.5)).toEqual(rates);
  });

  it('the shipped model is a fitted one, not the zero model', () => {
    expect(Object.values(RELEVANCE_MODEL.weights).some((w) => w !== 0)).toBe(true);
    expect(RELEVANCE_MODEL.weights.coverage).toBeGreaterThan(0);
  });
});
