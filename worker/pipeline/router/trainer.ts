/**
 * Training of the intent classifier: an averaged multiclass passive-aggressive learner (a close, fast
 * cousin of a linear SVM) over TF-IDF vectors. Runs at publish time and in the benchmark, never on the
 * request path.
 */

import { mulberry32 } from '../../../shared/random';
import type { ClassifierModel } from './classifier';
import { blockScales, DEFAULT_FEATURES, type FeatureOptions, forEachFeature } from './features';
import { KeyTable } from './key-table';

export interface TrainingExample {
  text: string;
  label: string;
}

export interface TrainOptions {
  epochs: number;
  /** Aggressiveness cap of each passive-aggressive step. */
  aggressiveness: number;
  /** Features seen in fewer training examples are dropped (1 keeps all)... */
  minDf: number;
  /** ...but only from this many training examples on: a site's handful of examples keeps every feature. */
  minDfFrom: number;
  /** The averaged weights skip this many first epochs (their iterates are still far from the optimum). */
  averageFrom: number;
  /** Smaller averaged weights are dropped from the stored model (it is stored with each published version). */
  minWeight: number;
  /** Softmax temperature turning scores into confidences. */
  temperature: number;
  features: FeatureOptions;
  seed: number;
}

/** Chosen on CLINC150's train/val split (never its test split); see the README. */
export const DEFAULT_TRAIN: TrainOptions = {
  epochs: 4,
  aggressiveness: 0.5,
  minDf: 2,
  minDfFrom: 5000,
  averageFrom: 1,
  minWeight: 0.01,
  temperature: 20,
  features: DEFAULT_FEATURES,
  seed: 1,
};

interface Vec {
  idx: Int32Array;
  val: Float32Array;
}

/** A training example's distinct features: ids in first-seen order over the set, with counts. */
interface Bag {
  ids: Int32Array;
  counts: Int32Array;
}

/**
 * Sublinear TF × IDF; the character and the word block are each L2-normalised, then weighted so the
 * whole vector has unit norm. Features outside the vocabulary (`vocabOf` -1) are ignored.
 */
function vectorise(bag: Bag, vocabOf: Int32Array, isWord: Uint8Array, idf: ArrayLike<number>, wordWeight: number): Vec {
  const idx: number[] = [];
  const val: number[] = [];
  const norms = [0, 0];
  for (let k = 0; k < bag.ids.length; k++) {
    const f = vocabOf[bag.ids[k] as number] as number;
    if (f < 0) continue;
    const x = (1 + Math.log(bag.counts[k] as number)) * (idf[f] as number);
    const word = isWord[f] as number;
    idx.push(f);
    val.push(word ? -x : x); // sign marks the block until scaling
    norms[word] = (norms[word] as number) + x * x;
  }
  const [scaleChar, scaleWord] = blockScales(norms[0] ?? 0, norms[1] ?? 0, wordWeight);
  return { idx: Int32Array.from(idx), val: Float32Array.from(val, (x) => (x < 0 ? -x * scaleWord : x * scaleChar)) };
}

/** Each example's features as ids (first-seen order over the whole set), and every id's key. */
function bagsOf(examples: TrainingExample[], features: FeatureOptions): { bags: Bag[]; keyOf: number[] } {
  const idOf = new KeyTable(1 << 16);
  const keyOf: number[] = [];
  // Per id: the last example it was seen in, and its position in that example's bag.
  const lastSeen: number[] = [];
  const posOf: number[] = [];
  return {
    bags: examples.map((e, n) => {
      const ids: number[] = [];
      const counts: number[] = [];
      forEachFeature(e.text, features, (key) => {
        let id = idOf.get(key);
        if (id < 0) {
          id = keyOf.length;
          idOf.set(key, id);
          keyOf.push(key);
          lastSeen.push(-1);
          posOf.push(0);
        }
        if (lastSeen[id] === n) {
          const at = posOf[id] as number;
          counts[at] = (counts[at] as number) + 1;
          return;
        }
        lastSeen[id] = n;
        posOf[id] = ids.length;
        ids.push(id);
        counts.push(1);
      });
      return { ids: Int32Array.from(ids), counts: Int32Array.from(counts) };
    }),
    keyOf,
  };
}

/**
 * The training weights: a dense [feature × class] matrix, plus per feature the list of classes it has
 * touched so far, so scoring visits only those (most features meet a handful of classes).
 */
interface TrainWeights {
  C: number;
  W: Float32Array;
  /** Running sum of t × step, for averaging. */
  U: Float32Array;
  /** Per feature, the classes with a weight: `C` slots each, `used[f]` filled, `seen` flags them. */
  touched: Uint16Array;
  used: Uint16Array;
  seen: Uint8Array;
}

/** scores[c] = W[:, c] · x over the active features of x (the training hot loop). */
function scoreAll(scores: Float64Array, tw: TrainWeights, v: Vec): void {
  scores.fill(0);
  const { C, W, touched, used } = tw;
  const { idx, val } = v;
  for (let k = 0; k < idx.length; k++) {
    const f = idx[k] as number;
    const base = f * C;
    const x = val[k] as number;
    const n = used[f] as number;
    if (n * 2 > C) {
      for (let c = 0; c < C; c++) scores[c] = (scores[c] as number) + x * (W[base + c] as number);
    } else {
      for (let e = base, end = base + n; e < end; e++) {
        const c = touched[e] as number;
        scores[c] = (scores[c] as number) + x * (W[base + c] as number);
      }
    }
  }
}

/** Record that feature f now has a weight for class c. */
function touch(tw: TrainWeights, f: number, c: number): void {
  tw.seen[f * tw.C + c] = 1;
  tw.touched[f * tw.C + (tw.used[f] as number)] = c;
  tw.used[f] = (tw.used[f] as number) + 1;
}

/** One passive-aggressive step towards class y and away from its rival, recorded for averaging. */
function paStep(tw: TrainWeights, v: Vec, y: number, rival: number, tau: number, t: number): void {
  const { C, W, U, seen } = tw;
  const { idx, val } = v;
  for (let k = 0; k < idx.length; k++) {
    const f = idx[k] as number;
    const base = f * C;
    const step = tau * (val[k] as number);
    if (!seen[base + y]) touch(tw, f, y);
    if (!seen[base + rival]) touch(tw, f, rival);
    W[base + y] = (W[base + y] as number) + step;
    W[base + rival] = (W[base + rival] as number) - step;
    U[base + y] = (U[base + y] as number) + t * step;
    U[base + rival] = (U[base + rival] as number) - t * step;
  }
}

/** Train on labelled examples; deterministic for a given seed. */
export function trainClassifier(examples: TrainingExample[], options: Partial<TrainOptions> = {}): ClassifierModel {
  const opts = { ...DEFAULT_TRAIN, ...options };
  const classes = [...new Set(examples.map((e) => e.label))].sort();
  const classOf = new Map(classes.map((c, i) => [c, i]));
  const C = classes.length;
  const { bags, keyOf } = bagsOf(examples, opts.features);
  const df = new Int32Array(keyOf.length);
  for (const bag of bags) for (const id of bag.ids) df[id] = (df[id] as number) + 1;
  const minDf = examples.length >= opts.minDfFrom ? opts.minDf : 1;
  const keys: number[] = [];
  const vocabOf = new Int32Array(keyOf.length).fill(-1);
  const dfs: number[] = [];
  // Most frequent first: the rows every example touches sit together, so training stays in cache.
  const byDf = Array.from(keyOf.keys()).sort((a, b) => (df[b] as number) - (df[a] as number) || a - b);
  for (const id of byDf) {
    if ((df[id] as number) < minDf) continue;
    vocabOf[id] = keys.length;
    keys.push(keyOf[id] as number);
    dfs.push(df[id] as number);
  }
  const N = examples.length;
  const idf = dfs.map((n) => Math.round((Math.log((1 + N) / (1 + n)) + 1) * 1e4) / 1e4);
  const isWord = Uint8Array.from(keys, (k) => k & 1);
  const vecs = bags.map((bag) => vectorise(bag, vocabOf, isWord, idf, opts.features.wordWeight));
  const labels = Int32Array.from(examples, (e) => classOf.get(e.label) ?? 0);
  const V = keys.length;
  const tw: TrainWeights = {
    C,
    W: new Float32Array(V * C),
    U: new Float32Array(V * C),
    touched: new Uint16Array(V * C),
    used: new Uint16Array(V),
    seen: new Uint8Array(V * C),
  };
  const { W, U } = tw;
  const scores = new Float64Array(C);
  const order = Int32Array.from({ length: N }, (_, i) => i);
  const rand = mulberry32(opts.seed);
  let t = 1;
  const t0 = 1 + Math.min(opts.averageFrom, Math.max(0, opts.epochs - 1)) * N;
  for (let epoch = 0; epoch < opts.epochs && C > 1; epoch++) {
    for (let i = N - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const tmp = order[i] as number;
      order[i] = order[j] as number;
      order[j] = tmp;
    }
    for (const n of order) {
      const v = vecs[n] as Vec;
      const y = labels[n] as number;
      scoreAll(scores, tw, v);
      let rival = -1;
      let rivalScore = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < C; c++) {
        const s = scores[c] as number;
        if (c !== y && s > rivalScore) {
          rivalScore = s;
          rival = c;
        }
      }
      const loss = 1 - ((scores[y] as number) - rivalScore);
      // ‖x‖ = 1, and the update moves two rows, so the squared step norm is 2.
      if (loss > 0 && rival >= 0) paStep(tw, v, y, rival, Math.min(opts.aggressiveness, loss / 2), Math.max(t, t0));
      t++;
    }
  }
  // Averaged weights (W - U/t), kept sparse.
  const rowStart = [0];
  const cls: number[] = [];
  const w: number[] = [];
  for (let f = 0; f < V; f++) {
    for (let c = 0; c < C; c++) {
      const a = ((W[f * C + c] ?? 0) * t - (U[f * C + c] ?? 0)) / (t - t0 + 1);
      if (Math.abs(a) >= opts.minWeight) {
        cls.push(c);
        w.push(Math.round(a * 1e4) / 1e4);
      }
    }
    rowStart.push(cls.length);
  }
  if (C === 1) for (let f = 0; f < V; f++) rowStart[f + 1] = 0;
  return { v: 1, classes, features: opts.features, temperature: opts.temperature, keys, idf, rowStart, cls, w };
}
