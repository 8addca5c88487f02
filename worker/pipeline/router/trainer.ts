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
  /** Classes scored per example after `fullEpochs` (0 = all): its best rivals at the last full scoring. */
  candidates: number;
  fullEpochs: number;
  /** ...from this many training examples on (smaller sets train fast anyway, and gain from full scoring). */
  candidatesFrom: number;
  /**
   * The out-of-scope label, if the examples have one, and the bias its score gets in the softmax from
   * `oosBiasFrom` examples on (a site's handful of examples keeps plain confidences, which its threshold
   * was set for).
   */
  oosLabel?: string;
  oosBias: number;
  oosBiasFrom: number;
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
  candidates: 10,
  fullEpochs: 1,
  candidatesFrom: 5000,
  temperature: 20,
  oosBias: 0.2,
  oosBiasFrom: 5000,
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

/** Each example's features as ids (first-seen order over the whole set), and every id's key and df. */
function bagsOf(examples: TrainingExample[], features: FeatureOptions): { bags: Bag[]; keyOf: Int32Array; df: Int32Array } {
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
  const bags = examples.map((e, i) => {
    n = i;
    len = 0;
    forEachFeature(e.text, features, add);
    return { ids: ids.slice(0, len), counts: counts.slice(0, len) };
  });
  const df = new Int32Array(nIds);
  for (const bag of bags) for (let k = 0; k < bag.ids.length; k++) df[bag.ids[k] as number] = (df[bag.ids[k] as number] as number) + 1;
  return { bags, keyOf: keyOf.slice(0, nIds), df };
}

function grow(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
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

/** The K best-scoring classes other than y, into out[at, at + K) (best first); `tmp` is scratch of K. */
function topRivals(scores: Float64Array, y: number, out: Uint16Array, at: number, K: number, tmp: Float64Array): void {
  let n = 0;
  for (let c = 0; c < scores.length; c++) {
    if (c === y) continue;
    const s = scores[c] as number;
    if (n === K && s <= (tmp[K - 1] as number)) continue;
    let j = n < K ? n++ : K - 1;
    while (j > 0 && (tmp[j - 1] as number) < s) {
      tmp[j] = tmp[j - 1] as number;
      out[at + j] = out[at + j - 1] as number;
      j--;
    }
    tmp[j] = s;
    out[at + j] = c;
  }
}

/** Train on labelled examples; deterministic for a given seed. */
export function trainClassifier(examples: TrainingExample[], options: Partial<TrainOptions> = {}): ClassifierModel {
  const opts = { ...DEFAULT_TRAIN, ...options };
  const classes = [...new Set(examples.map((e) => e.label))].sort();
  const classOf = new Map(classes.map((c, i) => [c, i]));
  const C = classes.length;
  const { bags, keyOf, df } = bagsOf(examples, opts.features);
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
  const labels = Int32Array.from(examples, (e) => classOf.get(e.label) ?? 0);
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
  const K = N >= opts.candidatesFrom ? Math.min(opts.candidates, C - 1) : 0;
  const cand = new Uint16Array(N * K);
  const candScore = new Float64Array(Math.max(K, 1));
  const t0 = 1 + Math.min(opts.averageFrom, Math.max(0, opts.epochs - 1)) * N;
  for (let epoch = 0; epoch < opts.epochs && C > 1; epoch++) {
    for (let i = N - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const tmp = order[i] as number;
      order[i] = order[j] as number;
      order[j] = tmp;
    }
    const full = K === 0 || epoch < opts.fullEpochs;
    for (const n of order) {
      const v = vecs[n] as Vec;
      const y = labels[n] as number;
      let rival = -1;
      let rivalScore = Number.NEGATIVE_INFINITY;
      let yScore = 0;
      if (full) {
        scoreAll(scores, tw, v);
        for (let c = 0; c < C; c++) {
          const s = scores[c] as number;
          if (c !== y && s > rivalScore) {
            rivalScore = s;
            rival = c;
          }
        }
        yScore = scores[y] as number;
        if (K > 0) topRivals(scores, y, cand, n * K, K, candScore);
      } else {
        const base = n * K;
        candScore.fill(0);
        const { idx, val } = v;
        let ys = 0;
        for (let k = 0; k < idx.length; k++) {
          const row = (idx[k] as number) * C;
          const x = val[k] as number;
          ys += x * (W[row + y] as number);
          for (let j = 0; j < K; j++) candScore[j] = (candScore[j] as number) + x * (W[row + (cand[base + j] as number)] as number);
        }
        yScore = ys;
        for (let j = 0; j < K; j++) {
          if ((candScore[j] as number) > rivalScore) {
            rivalScore = candScore[j] as number;
            rival = cand[base + j] as number;
          }
        }
      }
      const loss = 1 - (yScore - rivalScore);
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
  const oos = opts.oosLabel === undefined ? -1 : classes.indexOf(opts.oosLabel);
  const oosFields = oos >= 0 && opts.oosBias !== 0 && N >= opts.oosBiasFrom ? { oos, oosBias: opts.oosBias } : {};
  return { v: 1, classes, features: opts.features, temperature: opts.temperature, ...oosFields, keys, idf, rowStart, cls, w };
}
