import { describe, expect, it } from 'vitest';
import { ByteLru } from '../../worker/pipeline/cache/lru';

/**
 * Each case: `[name, maxEntries, maxBytes, script, keys left (LRU → MRU), bytes]`. A script is `;`-separated steps:
 * `set KEY BYTES [EXPIRES_AT]` or `get KEY [NOW]`.
 */
const cases: [string, number, number, string, string[], number][] = [
  ['evicts the least recently used past the entry bound', 2, 1000, 'set a 10; set b 10; set c 10', ['b', 'c'], 20],
  ['a read makes an entry recent', 2, 1000, 'set a 10; set b 10; get a; set c 10', ['a', 'c'], 20],
  ['evicts past the byte bound, as many as needed', 10, 100, 'set a 40; set b 40; set c 50', ['b', 'c'], 90],
  ['a value bigger than the byte bound is not kept and evicts nothing', 10, 100, 'set a 40; set huge 101', ['a'], 40],
  ['replacing a key re-counts its bytes', 10, 100, 'set a 40; set a 70', ['a'], 70],
  ['an expired entry is a miss and frees its bytes', 10, 100, 'set a 40 1000; set b 30 5000; get a 1000', ['b'], 30],
];

function run(lru: ByteLru<string>, script: string): void {
  for (const step of script.split(';')) {
    const [op, key = '', a, b] = step.trim().split(' ');
    if (op === 'set') lru.set(key, `v-${key}`, Number(a), b === undefined ? Number.POSITIVE_INFINITY : Number(b));
    else lru.get(key, a === undefined ? 0 : Number(a));
  }
}

describe('ByteLru', () => {
  for (const [name, maxEntries, maxBytes, script, keys, bytes] of cases) {
    it(name, () => {
      const lru = new ByteLru<string>({ maxEntries, maxBytes });
      run(lru, script);
      expect(lru.keys()).toEqual(keys);
      expect(lru.bytes).toBe(bytes);
      expect(lru.size).toBe(keys.length);
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
