/**
 * Text features for the intent classifier: character n-grams (so Chinese needs no tokenizer) plus word
 * unigrams, bigrams and unordered word pairs, each hashed to a 32-bit key without allocating a string per n-gram.
 */

/** Lower-case, fold full-width forms and accents' compatibility forms, turn punctuation into spaces. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

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
   * marks an intent whatever sits between the two words. Absent in models stored before it existed.
   */
  pairWindow?: number;
}

export const DEFAULT_FEATURES: FeatureOptions = { charMin: 1, charMax: 4, wordMax: 2, wordWeight: 0.4, pairWindow: 20 };

const FNV_PRIME = 16777619;
const SPACE = 32;

function isHan(cp: number): boolean {
  return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x20000 && cp <= 0x2ebef);
}

/**
 * Hashed features of a text with their counts. Keys are 32-bit FNV-1a hashes seeded by the feature
 * kind and length, as signed integers (small integers make fast Map keys; models stored with unsigned
 * keys are read with `key | 0`); the lowest bit tells the kind (0 = character n-gram, 1 = word n-gram), so the two
 * blocks can be weighted separately and never share a key.
 */
export function extractFeatures(text: string, opts: FeatureOptions = DEFAULT_FEATURES): Map<number, number> {
  const out = new Map<number, number>();
  const add = (key: number) => out.set(key, (out.get(key) ?? 0) + 1);
  const norm = normaliseText(text);
  if (!norm) return out;
  // Code points with a space on each side, so word starts and ends are n-grams of their own.
  const cps: number[] = [SPACE];
  for (const ch of norm) cps.push(ch.codePointAt(0) ?? SPACE);
  cps.push(SPACE);
  for (let i = 0; i < cps.length; i++) {
    let h = 2166136261;
    for (let n = 1; n <= opts.charMax && i + n <= cps.length; n++) {
      h = Math.imul(h ^ (cps[i + n - 1] ?? 0), FNV_PRIME) >>> 0;
      if (n >= opts.charMin && !(n === 1 && cps[i] === SPACE)) add(Math.imul(h ^ (n * 0x9e3779b1), FNV_PRIME) & ~1);
    }
  }
  // Words: runs of non-space, with each Han character a word of its own.
  const words: number[] = [];
  let h = 2166136261;
  let len = 0;
  const flush = () => {
    if (len > 0) words.push(Math.imul(h ^ 0x5bd1e995, FNV_PRIME) >>> 0);
    h = 2166136261;
    len = 0;
  };
  for (let i = 1; i < cps.length; i++) {
    const cp = cps[i] ?? SPACE;
    if (cp === SPACE) flush();
    else if (isHan(cp)) {
      flush();
      h = Math.imul(h ^ cp, FNV_PRIME) >>> 0;
      len = 1;
      flush();
    } else {
      h = Math.imul(h ^ cp, FNV_PRIME) >>> 0;
      len++;
    }
  }
  for (let i = 0; i < words.length; i++) {
    const w = words[i] ?? 0;
    add(w | 1);
    if (opts.wordMax >= 2 && i + 1 < words.length) add((Math.imul(w ^ 0x27d4eb2d, FNV_PRIME) ^ (words[i + 1] ?? 0)) | 1);
  }
  const pw = opts.pairWindow ?? 0;
  for (let i = 0; i < words.length && pw > 0; i++) {
    for (let j = i + 2; j < words.length && j <= i + pw; j++) {
      const a = words[i] ?? 0;
      const b = words[j] ?? 0;
      const lo = a < b ? a : b;
      const hi = a < b ? b : a;
      add((Math.imul(lo ^ 0x165667b1, FNV_PRIME) ^ hi) | 1);
    }
  }
  return out;
}
