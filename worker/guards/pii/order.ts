/**
 * Findings in start order, stably. The detectors each append their findings in order, so the list is a handful of
 * ascending runs: they are merged (start and arrival order packed in one double, exact below 2^53), which costs a
 * fraction of sorting; a list of many runs is sorted as numbers, still several times cheaper than a comparator sort.
 */
import type { Finding } from '../types';

let keys = new Float64Array(256);
let spare = new Float64Array(256);
let bounds: Int32Array = new Int32Array(64);
const PACK = 2 ** 21;
/** Above this many runs a numeric sort beats merging them pairwise. */
const MAX_RUNS = 32;

/** The findings of `found` at or above `min` confidence, stably sorted by start. */
export function byStart(found: readonly Finding[], min = Number.NEGATIVE_INFINITY): Finding[] {
  if (found.length >= PACK) return found.filter((f) => f.confidence >= min).sort((a, b) => a.start - b.start);
  if (keys.length < found.length) {
    keys = new Float64Array(found.length * 2);
    spare = new Float64Array(found.length * 2);
  }
  let n = 0;
  let runs = 0;
  let last = Number.POSITIVE_INFINITY;
  for (let i = 0; i < found.length; i++) {
    const f = found[i] as Finding;
    if (f.confidence < min) continue;
    const key = f.start * PACK + i;
    if (key < last) {
      if (runs === bounds.length) bounds = growInts(bounds);
      bounds[runs++] = n;
    }
    keys[n++] = key;
    last = key;
  }
  const sorted = runs <= 1 ? keys : runs > MAX_RUNS ? keys.subarray(0, n).sort() : merged(n, runs);
  const out: Finding[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = found[(sorted[i] as number) % PACK] as Finding;
  return out;
}

/** Merge the `runs` ascending runs of `keys[0..n)` (starting at `bounds`) pairwise until one is left. */
function merged(n: number, runs: number): Float64Array {
  let from = keys;
  let to = spare;
  let count = runs;
  if (bounds.length <= count) bounds = growInts(bounds);
  bounds[count] = n;
  while (count > 1) {
    let w = 0;
    for (let r = 0; r < count; r += 2) {
      const a = bounds[r] as number;
      const mid = bounds[Math.min(r + 1, count)] as number;
      const b = bounds[Math.min(r + 2, count)] as number;
      let i = a;
      let j = mid;
      let k = a;
      while (i < mid && j < b) to[k++] = (from[i] as number) <= (from[j] as number) ? (from[i++] as number) : (from[j++] as number);
      while (i < mid) to[k++] = from[i++] as number;
      while (j < b) to[k++] = from[j++] as number;
      bounds[w++] = a;
    }
    bounds[w] = n;
    count = w;
    const t = from;
    from = to;
    to = t;
  }
  return from;
}

function growInts(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
