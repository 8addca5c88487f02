/**
 * Text features for the intent classifier: character n-grams (so Chinese needs no tokenizer) plus word
 * unigrams, bigrams and unordered word pairs, each hashed to a 32-bit key without allocating a string per n-gram.
 */

import { normaliseText } from '../../../shared/text';

export { normaliseText };

export interface FeatureOptions {
  /** Shortest and longest character n-gram. */
  charMin: number;
  charMax: number;
  /** Word n-grams up to this length (1 = unigrams, 2 = plus bigrams). */
  wordMax: number;
  /** Share of the vector's squared norm given to word n-grams (the rest to character n-grams). */
  wordWeight: number;
  /**
   * Unordered pairs of non-adjacent words at most this far apart (0 or absent = none): "cancel … card"
   * marks an intent whatever sits between the two words. A stored model without it reads as 0.
   */
  pairWindow?: number;
}

export const DEFAULT_FEATURES: FeatureOptions = { charMin: 1, charMax: 4, wordMax: 2, wordWeight: 0.4, pairWindow: 20 };

const FNV_PRIME = 16777619;
const SPACE = 32;

/** Text containing a Han character (Chinese): scored by its character n-grams, with no word vectors. */
export const HAN = /\p{Script=Han}/u;

function isHan(cp: number): boolean {
  return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x20000 && cp <= 0x2ebef);
}

// Scratch buffers reused across calls (a Worker isolate runs one request's code at a time), so that a
// prediction allocates little more than the normalised string.
let cps = new Int32Array(256);
let words = new Uint32Array(64);

/**
 * Call `emit` with each hashed feature of a text already through `normaliseText` (the caller normalises once
 * for the features and the word vectors). A feature occurring twice is emitted twice. Keys are
 * 32-bit FNV-1a hashes seeded by the feature kind and length, as signed integers (small integers make
 * fast table keys; models stored with unsigned keys are read with `key | 0`); the lowest bit tells the
 * kind (0 = character n-gram, 1 = word n-gram), so the two blocks can be weighted separately and never
 * share a key.
 */
export function forEachFeature(norm: string, opts: FeatureOptions, emit: (key: number) => void): void {
  if (!norm) return;
  // Code points with a space on each side, so word starts and ends are n-grams of their own.
  if (cps.length < norm.length + 2) cps = new Int32Array(norm.length * 2 + 2);
  let len = 0;
  cps[len++] = SPACE;
  for (let i = 0; i < norm.length; i++) {
    const cp = norm.codePointAt(i) ?? SPACE;
    if (cp > 0xffff) i++;
    cps[len++] = cp;
  }
  cps[len++] = SPACE;
  for (let i = 0; i < len; i++) {
    let h = 2166136261;
    for (let n = 1; n <= opts.charMax && i + n <= len; n++) {
      h = Math.imul(h ^ (cps[i + n - 1] as number), FNV_PRIME) >>> 0;
      if (n >= opts.charMin && !(n === 1 && cps[i] === SPACE)) emit(Math.imul(h ^ (n * 0x9e3779b1), FNV_PRIME) & ~1);
    }
  }
  // Words: runs of non-space, with each Han character a word of its own.
  if (words.length < len) words = new Uint32Array(len * 2);
  let nw = 0;
  let h = 2166136261;
  let wl = 0;
  for (let i = 1; i < len; i++) {
    const cp = cps[i] as number;
    const han = isHan(cp);
    if (cp === SPACE || han) {
      if (wl > 0) words[nw++] = Math.imul(h ^ 0x5bd1e995, FNV_PRIME) >>> 0;
      h = 2166136261;
      wl = 0;
    }
    if (han) {
      words[nw++] = Math.imul(Math.imul(h ^ cp, FNV_PRIME) ^ 0x5bd1e995, FNV_PRIME) >>> 0;
    } else if (cp !== SPACE) {
      h = Math.imul(h ^ cp, FNV_PRIME) >>> 0;
      wl++;
    }
  }
  for (let i = 0; i < nw; i++) {
    const w = words[i] as number;
    emit(w | 1);
    if (opts.wordMax >= 2 && i + 1 < nw) emit((Math.imul(w ^ 0x27d4eb2d, FNV_PRIME) ^ (words[i + 1] as number)) | 1);
  }
  const pw = opts.pairWindow ?? 0;
  for (let i = 0; i < nw && pw > 0; i++) {
    for (let j = i + 2; j < nw && j <= i + pw; j++) {
      const a = words[i] as number;
      const b = words[j] as number;
      emit((Math.imul(Math.min(a, b) ^ 0x165667b1, FNV_PRIME) ^ Math.max(a, b)) | 1);
    }
  }
}

/** Hashed features of a text with their counts (see `forEachFeature`). */
export function extractFeatures(text: string, opts: FeatureOptions = DEFAULT_FEATURES): Map<number, number> {
  const out = new Map<number, number>();
  forEachFeature(normaliseText(text), opts, (key) => out.set(key, (out.get(key) ?? 0) + 1));
  return out;
}

/**
 * Scale factors of the character and word blocks, given their squared norms: each block is normalised to
 * its share of the squared norm (`wordWeight` for the word n-grams). A block the text lacks stays empty and
 * its share is not handed to the other: a message none of whose words the model knows ("university", a
 * typo) is scored on its character n-grams at their usual weight, not made more confident for lacking word
 * evidence (the demo site matched 792 of 2,000 common single words to some intent with the share handed
 * over, 606 without; on CLINC150 val, in-scope accuracy at a fixed oos recall rose by 0.05–0.2 points).
 */
export function blockScales(c: number, w: number, wordWeight: number): [number, number] {
  return [c > 0 ? Math.sqrt(1 - wordWeight) / Math.sqrt(c) : 0, w > 0 ? Math.sqrt(wordWeight) / Math.sqrt(w) : 0];
}
