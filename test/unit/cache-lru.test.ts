import { describe, expect, it } from 'vitest';
import { ByteLru } from '../../worker/pipeline/cache/lru';

type Op = ['set', string, number, number?] | ['get', string, number?];

/** Each case: limits, operations (set key bytes [expiresAt], get key [now]), then the keys left (LRU → MRU). */
const cases: { name: string; limits: { maxEntries: number; maxBytes: number }; ops: Op[]; keys: string[]; bytes: number }[] = [
  {
    name: 'evicts the least recently used past the entry bound',
    limits: { maxEntries: 2, maxBytes: 1000 },
    ops: [
      ['set', 'a', 10],
      ['set', 'b', 10],
      ['set', 'c', 10],
    ],
    keys: ['b', 'c'],
    bytes: 20,
  },
  {
    name: 'a read makes an entry recent',
    limits: { maxEntries: 2, maxBytes: 1000 },
    ops: [
      ['set', 'a', 10],
      ['set', 'b', 10],
      ['get', 'a'],
      ['set', 'c', 10],
    ],
    keys: ['a', 'c'],
    bytes: 20,
  },
  {
    name: 'evicts past the byte bound, as many as needed',
    limits: { maxEntries: 10, maxBytes: 100 },
    ops: [
      ['set', 'a', 40],
      ['set', 'b', 40],
      ['set', 'c', 50],
    ],
    keys: ['b', 'c'],
    bytes: 90,
  },
  {
    name: 'a value bigger than the byte bound is not kept and evicts nothing',
    limits: { maxEntries: 10, maxBytes: 100 },
    ops: [
      ['set', 'a', 40],
      ['set', 'huge', 101],
    ],
    keys: ['a'],
    bytes: 40,
  },
  {
    name: 'replacing a key re-counts its bytes',
    limits: { maxEntries: 10, maxBytes: 100 },
    ops: [
      ['set', 'a', 40],
      ['set', 'a', 70],
    ],
    keys: ['a'],
    bytes: 70,
  },
  {
    name: 'an expired entry is a miss and frees its bytes',
    limits: { maxEntries: 10, maxBytes: 100 },
    ops: [
      ['set', 'a', 40, 1000],
      ['set', 'b', 30, 5000],
      ['get', 'a', 1000],
    ],
    keys: ['b'],
    bytes: 30,
  },
];

describe('ByteLru', () => {
  for (const c of cases) {
    it(c.name, () => {
      const lru = new ByteLru<string>(c.limits);
      for (const op of c.ops) {
        if (op[0] === 'set') lru.set(op[1], `v-${op[1]}`, op[2], op[3] ?? Number.POSITIVE_INFINITY);
        else lru.get(op[1], op[2] ?? 0);
      }
      expect(lru.keys()).toEqual(c.keys);
      expect(lru.bytes).toBe(c.bytes);
      expect(lru.size).toBe(c.keys.length);
    });
  }

  it('serves a live entry until its expiry on the injected clock', () => {
    const lru = new ByteLru<string>({ maxEntries: 4, maxBytes: 100 });
    lru.set('k', 'v', 10, 2000);
    expect(lru.get('k', 1999)).toBe('v');
    expect(lru.get('k', 2000)).toBeUndefined();
  });

  it('drops a prefix (purge) and leaves the rest', () => {
    const lru = new ByteLru<string>({ maxEntries: 10, maxBytes: 1000 });
    for (const k of ['site/a/x/1', 'site/a/y/2', 'site/ab/x/3', 'site/b/x/4']) lru.set(k, k, 10, Number.POSITIVE_INFINITY);
    expect(lru.deletePrefix('site/a/')).toBe(2);
    expect(lru.keys()).toEqual(['site/ab/x/3', 'site/b/x/4']);
    expect(lru.bytes).toBe(20);
  });
});
