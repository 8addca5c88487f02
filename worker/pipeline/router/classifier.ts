/**
 * The intent classifier: TF-IDF over hashed character and word n-grams, and a linear model (trained in
 * `trainer.ts` at publish time and in the benchmark). Prediction is a sparse dot product over the
 * message's active features only.
 */
import { blockScales, type FeatureOptions, forEachFeature, normaliseText } from './features';
import { KeyTable } from './key-table';
import type { ClassifierModel } from './model';
import { messageVector, TABLE_ID, VECTOR_DIMS } from './word-vectors';

/** A model ready to predict: lookups built once when it is loaded. */
export interface Classifier {
  classes: string[];
  predict(text: string): Prediction;
  /** `predict` of a text already through `normaliseText` (the router normalises once for its rules and this). */
  predictNormalised(norm: string): Prediction;
}

export interface Prediction {
  label: string | null;
  confidence: number;
  /** The top class's raw linear score (about 1 for a message like the training examples, near 0 for one unlike any). */
  score: number;
  /**
   * `score` on the scale of a message that has every block: a message with no word in the vector table
   * (Chinese, a typo) is scored by its n-grams alone at √(1 − share) of the norm, so this divides that back
   * out. The router's evidence floor (`router.minScore`) reads it, so Chinese is held to the same bar.
   */
  evidence: number;
  /** The runner-up, for explanations. */
  second: { label: string; confidence: number } | null;
}

/*
 * The hot loops are module-level functions over typed arrays, and the model's fields plain locals of one shape.
 * Every model in an isolate (one per site) runs the same code with shared V8 type feedback, so code whose shapes
 * vary per model predicts slower once another model has run. With this layout (the frequent rows kept dense, the
 * word-vector product in four partial sums) CLINC150 full predicts at p50 ~65 µs after the demo site's model has
 * run, ~48 µs alone.
 */

/**
 * Add each active feature's row of class weights, times its TF-IDF value, to the character or the word
 * scores; reset its count; norms[0] and norms[1] get the two blocks' squared norms. A row kept dense
 * (`denseAt[f]` ≥ 0: most classes have a weight) is read contiguously, with no class index per weight.
 */
function accumulate(
  active: Int32Array,
  nActive: number,
  countOf: Int32Array,
  idf: Float64Array,
  isWord: Uint8Array,
  rowStart: Int32Array,
  cls: Int32Array,
  w: Float32Array,
  denseAt: Int32Array,
  rows: Float32Array,
  charScores: Float64Array,
  wordScores: Float64Array,
  norms: Float64Array,
): void {
  const C = charScores.length;
  let charNorm = 0;
  let wordNorm = 0;
  for (let a = 0; a < nActive; a++) {
    const f = active[a] as number;
    const x = (1 + Math.log(countOf[f] as number)) * (idf[f] as number);
    countOf[f] = 0;
    const target = isWord[f] ? wordScores : charScores;
    if (isWord[f]) wordNorm += x * x;
    else charNorm += x * x;
    const at = denseAt[f] as number;
    if (at >= 0) {
      for (let c = 0, e = at; c < C; c++, e++) target[c] = (target[c] as number) + x * (rows[e] as number);
      continue;
    }
    for (let e = rowStart[f] as number, end = rowStart[f + 1] as number; e < end; e++) {
      const c = cls[e] as number;
      target[c] = (target[c] as number) + x * (w[e] as number);
    }
  }
  norms[0] = charNorm;
  norms[1] = wordNorm;
}

/**
 * scores[c] += scale × message · vectorWeights[c], the weights being [class × component]: a dot product per
 * class, four partial sums at a time (the component count is a multiple of 4).
 */
function addVectorScores(scores: Float64Array, vectorWeights: Float64Array, message: Float64Array, C: number, scale: number): void {
  const D = message.length;
  for (let c = 0; c < C; c++) {
    let a = 0;
    let b = 0;
    let e = 0;
    let f = 0;
    for (let d = 0, row = c * D; d < D; d += 4, row += 4) {
      a += (message[d] as number) * (vectorWeights[row] as number);
      b += (message[d + 1] as number) * (vectorWeights[row + 1] as number);
      e += (message[d + 2] as number) * (vectorWeights[row + 2] as number);
      f += (message[d + 3] as number) * (vectorWeights[row + 3] as number);
    }
    scores[c] = (scores[c] as number) + scale * (a + b + (e + f));
  }
}

/** Build the lookups of a stored model once, so each prediction is a few microseconds. */
export function loadClassifier(model: ClassifierModel): Classifier {
  const vocab = new KeyTable(model.keys.length);
  for (let i = 0; i < model.keys.length; i++) vocab.set(model.keys[i] as number, i);
  const idf = Float64Array.from(model.idf);
  const rowStart = Int32Array.from(model.rowStart);
  const cls = Int32Array.from(model.cls);
  const w = Float32Array.from(model.w);
  const C = model.classes.length;
  const V = model.keys.length;
  // The word-vector rows as a dense [class × component] matrix: every component meets every class.
  const share = model.wordVectors?.table === TABLE_ID ? model.wordVectors.share : 0;
  const vectorWeights = new Float64Array(share > 0 ? VECTOR_DIMS * C : 0);
  const message = new Float64Array(share > 0 ? VECTOR_DIMS : 0);
  for (let d = 0; share > 0 && d < VECTOR_DIMS; d++) {
    for (let e = rowStart[V + d] as number, end = rowStart[V + d + 1] as number; e < end; e++) {
      vectorWeights[(cls[e] as number) * VECTOR_DIMS + d] = w[e] as number;
    }
  }
  // Rows where at least half the classes have a weight (frequent n-grams: ~90 % of the weights a CLINC150
  // message reads) are also kept dense, zeros included, so that scoring them is a contiguous loop.
  const denseAt = new Int32Array(V).fill(-1);
  let nDense = 0;
  for (let f = 0; f < V; f++) if (2 * ((rowStart[f + 1] as number) - (rowStart[f] as number)) >= C) denseAt[f] = C * nDense++;
  const rows = new Float32Array(C * nDense);
  for (let f = 0; f < V; f++) {
    const at = denseAt[f] as number;
    if (at < 0) continue;
    for (let e = rowStart[f] as number, end = rowStart[f + 1] as number; e < end; e++) rows[at + (cls[e] as number)] = w[e] as number;
  }
  const oos = model.oos ?? -1;
  const oosBias = model.oosBias ?? 0;
  // Plain locals and a features object of one shape, whatever fields the stored JSON had (see above).
  const classes = model.classes;
  const temperature = model.temperature;
  const f0 = model.features;
  const features: FeatureOptions = {
    charMin: f0.charMin,
    charMax: f0.charMax,
    wordMax: f0.wordMax,
    wordWeight: f0.wordWeight,
    pairWindow: f0.pairWindow ?? 0,
  };
  const scores = new Float64Array(C);
  const charScores = new Float64Array(C);
  const wordScores = new Float64Array(C);
  const norms = new Float64Array(2);
  // Per message: each vocabulary feature's count, and the list of those seen (to reset them after).
  const isWord = Uint8Array.from(model.keys, (k) => k & 1);
  const countOf = new Int32Array(V);
  let active = new Int32Array(64);
  let nActive = 0;
  const count = (key: number) => {
    const f = vocab.get(key);
    if (f < 0) return;
    if (countOf[f] === 0) {
      if (nActive === active.length) {
        const grown = new Int32Array(active.length * 2);
        grown.set(active);
        active = grown;
      }
      active[nActive++] = f;
    }
    countOf[f] = (countOf[f] as number) + 1;
  };
  const predictNormalised = (norm: string): Prediction => {
    if (C === 0) return { label: null, confidence: 0, score: 0, evidence: 0, second: null };
    if (C === 1) return { label: classes[0] ?? null, confidence: 1, score: 1, evidence: 1, second: null };
    // The blocks are scaled after the fact (scores are linear in x), so no vector is built per message.
    charScores.fill(0);
    wordScores.fill(0);
    nActive = 0;
    forEachFeature(norm, features, count);
    const hits = nActive;
    accumulate(active, nActive, countOf, idf, isWord, rowStart, cls, w, denseAt, rows, charScores, wordScores, norms);
    const [sc, sw] = blockScales(norms[0] as number, norms[1] as number, features.wordWeight);
    for (let c = 0; c < C; c++) scores[c] = sc * (charScores[c] ?? 0) + sw * (wordScores[c] ?? 0);
    // What the score is divided by for `evidence`: the n-grams' scale when they are all the message has.
    let scaleOfMessage = 1;
    if (share > 0) {
      // The n-grams keep 1 − share of the norm whether or not the message has a vector (see the trainer).
      const rest = Math.sqrt(1 - share);
      const mine = Math.sqrt(share);
      for (let c = 0; c < C; c++) scores[c] = (scores[c] as number) * rest;
      const strength = messageVector(norm, message);
      if (strength > 0) addVectorScores(scores, vectorWeights, message, C, mine * strength);
      else scaleOfMessage = rest;
    }
    let best = 0;
    let second = -1;
    for (let c = 1; c < C; c++) {
      if ((scores[c] ?? 0) > (scores[best] ?? 0)) {
        second = best;
        best = c;
      } else if (second < 0 || (scores[c] ?? 0) > (scores[second] ?? 0)) second = c;
    }
    const top = scores[best] ?? 0;
    if (oos >= 0) scores[oos] = (scores[oos] as number) + oosBias;
    let z = 0;
    for (let c = 0; c < C; c++) z += Math.exp(temperature * ((scores[c] ?? 0) - top));
    const conf = (c: number) => Math.exp(temperature * ((scores[c] ?? 0) - top)) / z;
    return {
      label: classes[best] ?? null,
      confidence: hits === 0 ? 0 : conf(best),
      score: top,
      evidence: top / scaleOfMessage,
      second: second >= 0 ? { label: classes[second] ?? '', confidence: conf(second) } : null,
    };
  };
  return { classes, predictNormalised, predict: (text) => predictNormalised(normaliseText(text)) };
}
