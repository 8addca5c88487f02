/**
 * The router's shared types: the stored classifier model (written by `trainer.ts`, read by `classifier.ts`) and
 * the training options (read by `trainer.ts` and `pa-learner.ts`). Types only, so the modules that use them
 * depend on this file and not on each other.
 */
import type { FeatureOptions } from './features';

/** A trained model as stored with a published version (plain JSON). */
export interface ClassifierModel {
  v: 1;
  classes: string[];
  features: FeatureOptions;
  temperature: number;
  /**
   * The out-of-scope class's index and the bias added to its score in the softmax (only there: the top
   * class stays the raw argmax), so an intent's confidence falls when out-of-scope scores close behind it.
   * Absent when the model has no out-of-scope class or gives it no bias (sets under `oosBiasFrom` examples).
   */
  oos?: number;
  oosBias?: number;
  /**
   * Present when the model was trained with word vectors: the table it used and their share of the norm.
   * Their class weights are the VECTOR_DIMS rows after the vocabulary's in `rowStart`. A model whose table
   * is not the one this code ships scores with its n-grams alone (publishing again retrains it).
   */
  wordVectors?: { table: string; share: number };
  /** Per vocabulary entry (then per word-vector component): its feature key, idf, and a sparse row of class weights (CSR). */
  keys: number[];
  idf: number[];
  rowStart: number[];
  cls: number[];
  w: number[];
}

/** One labelled training message. */
export interface TrainingExample {
  text: string;
  label: string;
}

/** How `trainClassifier` trains; `DEFAULT_TRAIN` in `trainer.ts` holds the chosen values. */
export interface TrainOptions {
  epochs: number;
  /** Sets under `candidatesFrom` examples train this many epochs instead (they train fast, and gain from it). */
  smallEpochs: number;
  /** Aggressiveness cap of each passive-aggressive step. */
  aggressiveness: number;
  /** Features seen in fewer training examples are dropped (1 keeps all)... */
  minDf: number;
  /** ...but only from this many training examples on: a site's handful of examples keeps every feature. */
  minDfFrom: number;
  /** The averaged weights skip this many first epochs (their iterates are still far from the optimum). */
  averageFrom: number;
  /**
   * Share of the last iterate in the stored weights, the rest being the average: the average alone
   * under-weights the last epochs (on CLINC150 val, 0.5 beats both the average and the last iterate alone).
   */
  lastIterate: number;
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
  /** Class names are also examples, this many times each (not the out-of-scope class's). */
  labelExamples: number;
  /** Softmax temperature turning scores into confidences. */
  temperature: number;
  features: FeatureOptions;
  /**
   * Share of each vector's squared norm given to its word vectors (`word-vectors.ts`), the n-grams keeping
   * the rest; 0 = none. Messages without a known word keep their n-grams at that same reduced scale.
   */
  wordVectors: number;
  seed: number;
}
