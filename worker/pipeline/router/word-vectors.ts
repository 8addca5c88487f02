/**
 * Pre-trained English word vectors for the intent classifier: a message's words, averaged and max-pooled,
 * give it a dense block next to its n-grams, so that "how long to seattle on a bus" and "travel time"
 * share something though they share no n-gram. The table is GloVe 6B 100d (30,000 most frequent words,
 * 4 bits per component; see `test/bench/word-vectors-build.ts`). Words it lacks (other scripts, typos)
 * add nothing: a Chinese message is scored by its n-grams alone.
 *
 * The table is decoded once per isolate, on the first use (~25 ms; 3 MB, a byte per component, plus the word index).
 */
import { DIMS, TABLE_ID, VECTORS, WORDS } from './word-vectors-data';

export { TABLE_ID };

/** Length of a message's vector: the weighted average and the maximum of its words' vectors. */
export const VECTOR_DIMS = 2 * DIMS;

/**
 * A frequent word weighs less: rank / (rank + 100) with rank its GloVe frequency rank ("the" 0, rank 100 one
 * half, rank 1,000 0.91), a rank-based form of the smooth inverse frequency of Arora et al. (2017).
 */
const RANK_HALF = 100;

/** A message's vector has full strength from this many known words on, less below (one word is weak evidence). */
const FULL_STRENGTH_WORDS = 2;

interface Table {
  index: Map<string, number>;
  /** Per word, DIMS signed components (-7…7). */
  q: Int8Array;
  /** Per word, 1 / its norm times its weight. */
  scale: Float32Array;
}

let table: Table | undefined;

function decode(): Table {
  const words = WORDS.split(' ');
  const bin = atob(VECTORS);
  const q = new Int8Array(words.length * DIMS);
  for (let i = 0; i < bin.length; i++) {
    const byte = bin.charCodeAt(i);
    q[2 * i] = (byte & 15) - 8;
    q[2 * i + 1] = (byte >> 4) - 8;
  }
  const index = new Map<string, number>();
  const scale = new Float32Array(words.length);
  words.forEach((w, r) => {
    index.set(w, r);
    let n = 0;
    for (let d = 0; d < DIMS; d++) n += (q[r * DIMS + d] as number) ** 2;
    scale[r] = n > 0 ? r / (r + RANK_HALF) / Math.sqrt(n) : 0;
  });
  return { index, q, scale };
}

/**
 * Write the vector of a message already through `normaliseText` into `out` (VECTOR_DIMS long): the weighted
 * average of its known words' unit vectors, then their component-wise maximum, each half scaled to norm 1/√2
 * so the whole has unit norm. Returns the vector's strength (fewer known words, weaker), or 0 (and `out`
 * unspecified) when no word of the message is in the table.
 */
export function messageVector(norm: string, out: Float64Array): number {
  table ??= decode();
  const { index, q, scale } = table;
  let any = false;
  let known = 0;
  for (const word of norm.split(' ')) {
    const r = index.get(word);
    if (r === undefined) continue;
    const s = scale[r] as number;
    if (s === 0) continue;
    const base = r * DIMS;
    for (let d = 0; d < DIMS; d++) {
      const x = s * (q[base + d] as number);
      out[d] = any ? (out[d] as number) + x : x;
      if (!any || x > (out[DIMS + d] as number)) out[DIMS + d] = x;
    }
    any = true;
    known++;
  }
  if (!any) return 0;
  for (let h = 0; h < VECTOR_DIMS; h += DIMS) {
    let n = 0;
    for (let d = h; d < h + DIMS; d++) n += (out[d] as number) ** 2;
    if (n === 0) return 0;
    const s = 1 / Math.sqrt(2 * n);
    for (let d = h; d < h + DIMS; d++) out[d] = (out[d] as number) * s;
  }
  return Math.min(1, known / FULL_STRENGTH_WORDS);
}
