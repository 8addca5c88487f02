/**
 * Training of the intent classifier: an averaged multiclass passive-aggressive learner (a close, fast
 * cousin of a linear SVM) over TF-IDF vectors. Runs at publish time and in the benchmark, never on the
 * request path.
 */
import { blockScales, DEFAULT_FEATURES, type FeatureOptions, forEachFeature, normaliseText } from './features';
import { KeyTable } from './key-table';
import type { ClassifierModel, TrainingExample, TrainOptions } from './model';
import { trainPassiveAggressive, type Vec } from './pa-learner';
import { messageVector, TABLE_ID, VECTOR_DIMS } from './word-vectors';

/** Chosen on CLINC150's train/val split (never its test split); see the README. */
export const DEFAULT_TRAIN: TrainOptions = {
  epochs: 4,
  smallEpochs: 6,
  aggressiveness: 0.5,
  minDf: 2,
  minDfFrom: 5000,
  averageFrom: 1,
  lastIterate: 0.5,
  minWeight: 0.01,
  candidates: 10,
  fullEpochs: 1,
  candidatesFrom: 5000,
  temperature: 20,
  labelExamples: 3,
  oosBias: 0.4,
  oosBiasFrom: 5000,
  features: DEFAULT_FEATURES,
  wordVectors: 0.5,
  seed: 1,
};

/** A training example's distinct features: ids in first-seen order over the set, with counts. */
interface Bag {
  ids: Int32Array;
  counts: Int32Array;
}

/**
 * Sublinear TF × IDF; the character and the word block are each L2-normalised, then weighted to their
 * shares of a unit norm (`blockScales`: a block the text lacks stays empty). Features outside the
 * vocabulary (`vocabOf` -1) are ignored.
 */
function vectorise(bag: Bag, vocabOf: Int32Array, isWord: Uint8Array, idf: Float64Array, wordWeight: number): Vec {
  let n = 0;
  for (let k = 0; k < bag.ids.length; k++) if ((vocabOf[bag.ids[k] as number] as number) >= 0) n++;
  const idx = new Int32Array(n);
  const val = new Float32Array(n);
  let charNorm = 0;
  let wordNorm = 0;
  n = 0;
  for (let k = 0; k < bag.ids.length; k++) {
    const f = vocabOf[bag.ids[k] as number] as number;
    if (f < 0) continue;
    const x = (1 + Math.log(bag.counts[k] as number)) * (idf[f] as number);
    if (isWord[f]) wordNorm += x * x;
    else charNorm += x * x;
    idx[n] = f;
    val[n++] = x;
  }
  const [scaleChar, scaleWord] = blockScales(charNorm, wordNorm, wordWeight);
  for (let k = 0; k < n; k++) val[k] = (val[k] as number) * (isWord[idx[k] as number] ? scaleWord : scaleChar);
  return { idx, val };
}

const scratch = new Float64Array(VECTOR_DIMS);

/**
 * Append example i's word vector to its n-gram vector as features V…V+VECTOR_DIMS-1, with `share` of the
 * squared norm, the n-grams scaled to the rest. An example with no word in the table keeps its n-grams at
 * that scale all the same (its vector block is zero), as a message does when predicted: scores stay on
 * one scale, so a message of unknown words is not made more confident by lacking a vector.
 */
function withWordVectors(vecs: Vec[], i: number, norm: string, V: number, share: number): void {
  const v = vecs[i] as Vec;
  const rest = Math.sqrt(1 - share);
  const strength = messageVector(norm, scratch);
  if (strength === 0) {
    for (let k = 0; k < v.val.length; k++) v.val[k] = (v.val[k] as number) * rest;
    return;
  }
  const n = v.idx.length;
  const idx = new Int32Array(n + VECTOR_DIMS);
  const val = new Float32Array(n + VECTOR_DIMS);
  const mine = Math.sqrt(share) * strength;
  idx.set(v.idx);
  for (let k = 0; k < n; k++) val[k] = (v.val[k] as number) * rest;
  for (let d = 0; d < VECTOR_DIMS; d++) {
    idx[n + d] = V + d;
    val[n + d] = (scratch[d] as number) * mine;
  }
  vecs[i] = { idx, val };
}

/** Each example's normalised text and features as ids (first-seen order over the whole set), and every id's key and df. */
function bagsOf(
  examples: TrainingExample[],
  features: FeatureOptions,
): { norms: string[]; bags: Bag[]; keyOf: Int32Array; df: Int32Array } {
  const idOf = new KeyTable(1 << 16);
  let keyOf = new Int32Array(1 << 16);
  // Per id: the last example it was seen in (+1), and its position in that example's bag.
  let lastSeen = new Int32Array(1 << 16);
  let posOf = new Int32Array(1 << 16);
  let nIds = 0;
  let ids = new Int32Array(256);
  let counts = new Int32Array(256);
  let n = 0;
  let len = 0;
  const add = (key: number) => {
    let id = idOf.get(key);
    if (id < 0) {
      id = nIds++;
      if (id === keyOf.length) {
        keyOf = grow(keyOf);
        lastSeen = grow(lastSeen);
        posOf = grow(posOf);
      }
      idOf.set(key, id);
      keyOf[id] = key;
    }
    if (lastSeen[id] === n + 1) {
      const at = posOf[id] as number;
      counts[at] = (counts[at] as number) + 1;
      return;
    }
    lastSeen[id] = n + 1;
    if (len === ids.length) {
      ids = grow(ids);
      counts = grow(counts);
    }
    posOf[id] = len;
    ids[len] = id;
    counts[len++] = 1;
  };
  const norms = examples.map((e) => normaliseText(e.text));
  const bags = norms.map((norm, i) => {
    n = i;
    len = 0;
    forEachFeature(norm, features, add);
    return { ids: ids.slice(0, len), counts: counts.slice(0, len) };
  });
  const df = new Int32Array(nIds);
  for (const bag of bags) for (let k = 0; k < bag.ids.length; k++) df[bag.ids[k] as number] = (df[bag.ids[k] as number] as number) + 1;
  return { norms, bags, keyOf: keyOf.slice(0, nIds), df };
}

function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** Each class's name as a short example ("credit_limit" → "credit limit"), `labelExamples` times. */
function nameExamples(classes: string[], opts: TrainOptions): TrainingExample[] {
  if (classes.length < 2) return [];
  const named = classes.filter((c) => c !== opts.oosLabel).map((label) => ({ text: label.replace(/[_-]+/g, ' '), label }));
  return Array.from({ length: opts.labelExamples }, () => named).flat();
}

/** Train on labelled examples; deterministic for a given seed. */
export function trainClassifier(given: TrainingExample[], options: Partial<TrainOptions> = {}): ClassifierModel {
  const opts = { ...DEFAULT_TRAIN, ...options };
  const classes = [...new Set(given.map((e) => e.label))].sort();
  const examples = given.concat(nameExamples(classes, opts));
  const classOf = new Map(classes.map((c, i) => [c, i]));
  const C = classes.length;
  const { norms, bags, keyOf, df } = bagsOf(examples, opts.features);
  const minDf = examples.length >= opts.minDfFrom ? opts.minDf : 1;
  // Most frequent first (a counting sort by df, ties in first-seen order): the rows every example
  // touches sit together, so training stays in cache.
  const N = examples.length;
  const byDf = new Int32Array(N + 2);
  for (let id = 0; id < df.length; id++) byDf[N + 1 - (df[id] as number)] = (byDf[N + 1 - (df[id] as number)] as number) + 1;
  for (let d = 1; d < byDf.length; d++) byDf[d] = (byDf[d] as number) + (byDf[d - 1] as number);
  const vocabOf = new Int32Array(keyOf.length).fill(-1);
  let V = 0;
  for (let id = 0; id < df.length; id++) if ((df[id] as number) >= minDf) V++;
  const order0 = new Int32Array(keyOf.length);
  for (let id = df.length - 1; id >= 0; id--) {
    const b = N + 1 - (df[id] as number);
    byDf[b] = (byDf[b] as number) - 1;
    order0[byDf[b] as number] = id;
  }
  const keys: number[] = new Array(V);
  const idf: number[] = new Array(V);
  for (let k = 0; k < V; k++) {
    const id = order0[k] as number;
    vocabOf[id] = k;
    keys[k] = keyOf[id] as number;
    idf[k] = Math.round((Math.log((1 + N) / (1 + (df[id] as number))) + 1) * 1e4) / 1e4;
  }
  const isWord = Uint8Array.from(keys, (k) => k & 1);
  const idf64 = Float64Array.from(idf);
  const vecs = bags.map((bag) => vectorise(bag, vocabOf, isWord, idf64, opts.features.wordWeight));
  const D = opts.wordVectors > 0 ? VECTOR_DIMS : 0;
  for (let i = 0; D > 0 && i < N; i++) withWordVectors(vecs, i, norms[i] as string, V, opts.wordVectors);
  const labels = Int32Array.from(examples, (e) => classOf.get(e.label) ?? 0);
  const epochs = N < opts.candidatesFrom ? opts.smallEpochs : opts.epochs;
  const { rowStart, cls, w } = trainPassiveAggressive(vecs, labels, C, V + D, { ...opts, epochs });
  if (C === 1) for (let f = 0; f < V + D; f++) rowStart[f + 1] = 0;
  const oos = opts.oosLabel === undefined ? -1 : classes.indexOf(opts.oosLabel);
  const oosFields = oos >= 0 && opts.oosBias !== 0 && N >= opts.oosBiasFrom ? { oos, oosBias: opts.oosBias } : {};
  const vectorFields = D > 0 ? { wordVectors: { table: TABLE_ID, share: opts.wordVectors } } : {};
  return {
    v: 1,
    classes,
    features: opts.features,
    temperature: opts.temperature,
    ...oosFields,
    ...vectorFields,
    keys,
    idf,
    rowStart,
    cls,
    w,
  };
}
