/**
 * The strict-mode floor in the knowledge benchmark: fit the relevance model (`worker/knowledge/relevance.ts`) on
 * the tuning half's answerable and unanswerable questions, choose the floor there, and read decline and answer
 * rates on the reporting half, for the fitted model and for the one the Worker ships.
 */
import { EVIDENCE_FEATURES, type Evidence, type RelevanceModel, relevance } from '../../worker/knowledge/relevance';

/** One question's candidates' evidence (best BM25 first) and whether the index holds an answer to it. */
export interface FloorSample {
  evidence: Evidence[];
  answerable: boolean;
}

const vector = (e: Evidence | undefined) => EVIDENCE_FEATURES.map((f) => (e ? e[f] : 0));

/**
 * Logistic regression by full-batch gradient descent (deterministic: zero start, fixed steps), each class
 * weighted to half the loss so the many answerable questions do not drown the few unanswerable ones, with L2
 * `lambda` on the weights. A question is represented by its best BM25 passage's evidence.
 */
export function fitRelevance(samples: FloorSample[], lambda = 0.001, steps = 20000, rate = 8): RelevanceModel {
  const xs = samples.map((s) => vector(s.evidence[0]));
  const ys = samples.map((s) => (s.answerable ? 1 : 0));
  const positives = ys.filter((y) => y === 1).length;
  const classWeight = (y: number) => 0.5 / Math.max(1, y === 1 ? positives : ys.length - positives);
  const dims = EVIDENCE_FEATURES.length;
  const w = new Array<number>(dims).fill(0);
  let bias = 0;
  for (let step = 0; step < steps; step++) {
    const grad = new Array<number>(dims).fill(0);
    let gradBias = 0;
    for (const [i, x] of xs.entries()) {
      const y = ys[i] as number;
      let z = bias;
      for (let d = 0; d < dims; d++) z += (w[d] as number) * (x[d] as number);
      const err = (1 / (1 + Math.exp(-z)) - y) * classWeight(y);
      for (let d = 0; d < dims; d++) grad[d] = (grad[d] as number) + err * (x[d] as number);
      gradBias += err;
    }
    for (let d = 0; d < dims; d++) w[d] = (w[d] as number) - rate * ((grad[d] as number) + lambda * (w[d] as number));
    bias -= rate * gradBias;
  }
  const weights = Object.fromEntries(EVIDENCE_FEATURES.map((f, d) => [f, Math.round((w[d] as number) * 1000) / 1000]));
  return { bias: Math.round(bias * 1000) / 1000, weights: weights as RelevanceModel['weights'] };
}

/** A question's score under `model`: its best candidate's relevance (what `retrieve` reports as `best`). */
export function questionScore(sample: FloorSample, model: RelevanceModel): number {
  return Math.max(0, ...sample.evidence.map((e) => relevance(e, model)));
}

/** The highest floor that still lets `answerRate` of the answerable samples through. */
export function chooseFloor(samples: FloorSample[], model: RelevanceModel, answerRate: number): number {
  const sorted = samples
    .filter((s) => s.answerable)
    .map((s) => questionScore(s, model))
    .sort((a, b) => a - b);
  const index = Math.floor((1 - answerRate) * sorted.length);
  return sorted[Math.max(0, Math.min(sorted.length - 1, index))] ?? 0;
}

export interface FloorRates {
  decline: number;
  answer: number;
}

/** The share of unanswerable samples declined and of answerable ones let through at `floor`. */
export function floorRates(samples: FloorSample[], model: RelevanceModel, floor: number): FloorRates {
  const share = (list: FloorSample[], pass: boolean) =>
    list.filter((s) => questionScore(s, model) >= floor === pass).length / Math.max(1, list.length);
  return {
    decline: share(
      samples.filter((s) => !s.answerable),
      false,
    ),
    answer: share(
      samples.filter((s) => s.answerable),
      true,
    ),
  };
}

/** A model as one line: `bias … · coverage 4.1 · …`. */
export function describeModel(model: RelevanceModel): string {
  return [`bias ${model.bias}`, ...EVIDENCE_FEATURES.map((f) => `${f} ${model.weights[f]}`)].join(' · ');
}

/** The same decisions with the floor moved to `target`: the bias shifts by the logit difference. */
export function atFloor(model: RelevanceModel, floor: number, target: number): RelevanceModel {
  const logit = (p: number) => Math.log(p / (1 - p));
  return { ...model, bias: Math.round((model.bias - logit(floor) + logit(target)) * 1000) / 1000 };
}
