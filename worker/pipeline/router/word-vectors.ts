/**
 * Pre-trained English word vectors for the intent classifier: a message's words, averaged and max-pooled,
 * give it a dense block next to its n-grams, so that "how long to seattle on a bus" and "travel time"
 * share something though they share no n-gram. The table is GloVe 6B 100d (30,000 most frequent words,
 * 4 bits per component; see `scripts/word-vectors-build.ts`), shipped as `word-vectors.bin`. Words it lacks
 * (other scripts, typos) add nothing: a Chinese message is scored by its n-grams alone.
 *
 * The table is decoded once per isolate, on the first use (~10–25 ms; 3 MB: a byte per component, plus the word index).
 */
import { wordVectorsFile } from '#word-vectors-file';
import { decodeWordTable, type WordTable } from './word-table';

/** The table this code ships; a model trained with another scores with its n-grams alone. */
export const TABLE_ID = 'glove-6b-100d/30000/q4';

/** Components of a word's vector. */
const DIMS = 100;

/** Length of a message's vector: the weighted average and the maximum of its words' vectors. */
export const VECTOR_DIMS = 2 * DIMS;

/** A message's vector has full strength from this many known words on, less below (one word is weak evidence). */
const FULL_STRENGTH_WORDS = 2;

let table: WordTable | undefined;

/** The shipped table, decoded on the first call; throws if the file is not the table `TABLE_ID` names. */
export function wordTable(): WordTable {
  if (table) return table;
  const decoded = decodeWordTable(wordVectorsFile());
  if (decoded.id !== TABLE_ID || decoded.dims !== DIMS) {
    throw new Error(`word-vectors.bin holds ${decoded.id} (${decoded.dims} dims), the code expects ${TABLE_ID} (${DIMS})`);
  }
  table = decoded;
  return table;
}

/**
 * Write the vector of a message already through `normaliseText` into `out` (VECTOR_DIMS long): the weighted
 * average of its known words' unit vectors, then their component-wise maximum, each half scaled to norm 1/√2
 * so the whole has unit norm. Returns the vector's strength (fewer known words, weaker), or 0 (and `out`
 * unspecified) when no word of the message is in the table.
 */
export function messageVector(norm: string, out: Float64Array): number {
  const { index, q, scale } = table ?? wordTable();
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
