/**
 * The word-vector table's file format (`word-vectors.bin`, written by `scripts/word-vectors-build.ts`) and its
 * one loader, shared by the Worker (the file is a Wrangler Data module, an `ArrayBuffer`) and Node (tests and
 * benches read the file with `fs`). Little-endian:
 *
 *   magic "PWV1" · u32 dims · u32 words · u32 id bytes · u32 word-list bytes
 *   · the table's id (UTF-8) · its words in frequency order, separated by spaces (UTF-8)
 *   · per word, `dims` 4-bit components, two a byte, low nibble first, each stored + 8.
 */

/** The first four bytes of a table file. */
export const WORD_TABLE_MAGIC = 'PWV1';
/** Bytes before the id: the magic and four u32 fields. */
export const WORD_TABLE_HEADER_BYTES = 20;

/**
 * A frequent word weighs less: rank / (rank + 100) with rank its GloVe frequency rank ("the" 0, rank 100 one
 * half, rank 1,000 0.91), a rank-based form of the smooth inverse frequency of Arora et al. (2017).
 */
const RANK_HALF = 100;

/** A decoded table: what `messageVector` reads. */
export interface WordTable {
  /** Names the words, their order and their quantisation; a stored model records the id it was trained with. */
  id: string;
  dims: number;
  /** The words in frequency order (a word's index is its rank). */
  words: string[];
  index: Map<string, number>;
  /** Per word, `dims` signed components (-7…7). */
  q: Int8Array;
  /** Per word, 1 / its norm times its weight. */
  scale: Float32Array;
}

/** Decode a table file; throws on a file that is not one (wrong magic or lengths). */
export function decodeWordTable(buffer: ArrayBuffer): WordTable {
  const view = new DataView(buffer);
  const bytes = new Uint8Array(buffer);
  const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  if (buffer.byteLength < WORD_TABLE_HEADER_BYTES || utf8.decode(bytes.subarray(0, 4)) !== WORD_TABLE_MAGIC) {
    throw new Error('word table: not a PWV1 file');
  }
  const dims = view.getUint32(4, true);
  const count = view.getUint32(8, true);
  const idBytes = view.getUint32(12, true);
  const wordBytes = view.getUint32(16, true);
  const wordsAt = WORD_TABLE_HEADER_BYTES + idBytes;
  const vectorsAt = wordsAt + wordBytes;
  const vectorBytes = (count * dims) / 2;
  if (dims % 2 !== 0 || buffer.byteLength !== vectorsAt + vectorBytes) throw new Error('word table: lengths do not match the file');
  const id = utf8.decode(bytes.subarray(WORD_TABLE_HEADER_BYTES, wordsAt));
  const words = count === 0 ? [] : utf8.decode(bytes.subarray(wordsAt, vectorsAt)).split(' ');
  if (words.length !== count) throw new Error(`word table: ${words.length} words listed, ${count} in the header`);
  const packed = bytes.subarray(vectorsAt);
  const q = new Int8Array(count * dims);
  const scale = new Float32Array(count);
  // One pass over the bytes: unpack a word's components and sum their squares (small integers, so exact).
  for (let r = 0, i = 0; r < count; r++) {
    let n = 0;
    for (const end = i + dims / 2; i < end; i++) {
      const byte = packed[i] as number;
      const low = (byte & 15) - 8;
      const high = (byte >> 4) - 8;
      q[2 * i] = low;
      q[2 * i + 1] = high;
      n += low * low + high * high;
    }
    scale[r] = n > 0 ? r / (r + RANK_HALF) / Math.sqrt(n) : 0;
  }
  const index = new Map<string, number>();
  for (let r = 0; r < count; r++) index.set(words[r] as string, r);
  return { id, dims, words, index, q, scale };
}
