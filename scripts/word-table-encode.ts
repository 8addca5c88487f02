/** The writer of the word-vector table's file format; `worker/pipeline/router/word-table.ts` describes it and reads it. */
import { WORD_TABLE_HEADER_BYTES, WORD_TABLE_MAGIC } from '../worker/pipeline/router/word-table';

export interface WordTableContents {
  id: string;
  dims: number;
  /** In frequency order; none may contain a space. */
  words: string[];
  /** `words.length × dims / 2` bytes: two 4-bit components a byte, low nibble first, each stored + 8. */
  packed: Uint8Array;
}

/** Encode a table as the bytes of `word-vectors.bin`. */
export function encodeWordTable({ id, dims, words, packed }: WordTableContents): Uint8Array {
  if (dims % 2 !== 0) throw new Error('dims must be even (two components a byte)');
  if (packed.length !== (words.length * dims) / 2) throw new Error('packed vectors do not match words × dims');
  if (words.some((w) => w === '' || w.includes(' '))) throw new Error('a word is empty or contains a space');
  const utf8 = new TextEncoder();
  const idBytes = utf8.encode(id);
  const wordBytes = utf8.encode(words.join(' '));
  const out = new Uint8Array(WORD_TABLE_HEADER_BYTES + idBytes.length + wordBytes.length + packed.length);
  const view = new DataView(out.buffer);
  out.set(utf8.encode(WORD_TABLE_MAGIC), 0);
  view.setUint32(4, dims, true);
  view.setUint32(8, words.length, true);
  view.setUint32(12, idBytes.length, true);
  view.setUint32(16, wordBytes.length, true);
  out.set(idBytes, WORD_TABLE_HEADER_BYTES);
  out.set(wordBytes, WORD_TABLE_HEADER_BYTES + idBytes.length);
  out.set(packed, WORD_TABLE_HEADER_BYTES + idBytes.length + wordBytes.length);
  return out;
}
