/**
 * The relevance score behind strict mode: a passage's evidence (how much of the question it holds, where, and
 * how it stands against the other candidates) folded by a small logistic model into one number in [0, 1] that
 * means the same thing for every question. A single BM25 value cannot: it grows with the question's length and
 * its words' rarity, and an unanswerable question still matches some passage on its common words.
 */

import { queryTerms, tokenize } from './tokens';

/** What retrieval measures about one candidate passage for one question, each in [0, 1]. */
export interface Evidence {
  /** The idf-weighted share of the question's terms the passage (title, heading, body) holds. */
  coverage: number;
  /** The same share held by the passage's name alone: its document's title and its heading (help-centre titles are the questions they answer). */
  titleCoverage: number;
  /** The share of the name's own terms (stop words aside) the question holds: does it ask what the passage is about? */
  titleRecall: number;
  /** The passage's BM25 over the most any passage could score for the question (every term at saturation). */
  bm25Share: number;
  /** How far this passage's BM25 stands above the next candidate's, as a share of its own (0 for the last). */
  margin: number;
  /** The idf-weighted share of the question's terms the site's knowledge never uses (one question, every passage). */
  unknownShare: number;
  /** The idf of the rarest question term the passage lacks, over the largest idf the index can give (0: lacks none). */
  rarestMissing: number;
}

export const EVIDENCE_FEATURES = [
  'coverage',
  'titleCoverage',
  'titleRecall',
  'bm25Share',
  'margin',
  'unknownShare',
  'rarestMissing',
] as const;

/** A logistic model over the evidence: relevance = σ(bias + Σ weight · feature). */
export interface RelevanceModel {
  bias: number;
  weights: Record<keyof Evidence, number>;
}

/**
 * Fitted by `npm run bench:knowledge` (class-balanced logistic regression, L2 0.001, seed 7) on the tuning half of
 * StackFAQ with a fifth of its threads left out of the index, the bias then set so that `DEFAULT_FLOOR` (0.5) lets
 * 91 % of that half's answerable questions through; the reporting half was not used for either.
 */
export const RELEVANCE_MODEL: RelevanceModel = {
  bias: -5.32,
  weights: {
    coverage: 5.368,
    titleCoverage: 3.609,
    titleRecall: 3.195,
    bm25Share: 2.939,
    margin: 0.093,
    unknownShare: -0.594,
    rarestMissing: 1.792,
  },
};

/** The model's relevance for one passage's evidence, in (0, 1). */
export function relevance(evidence: Evidence, model: RelevanceModel = RELEVANCE_MODEL): number {
  let z = model.bias;
  for (const feature of EVIDENCE_FEATURES) z += model.weights[feature] * evidence[feature];
  return 1 / (1 + Math.exp(-z));
}

/** BM25's idf, floored at zero: ln(1 + (N − df + 0.5) / (df + 0.5)). */
export function idf(totalPassages: number, docFrequency: number): number {
  const n = Math.max(totalPassages, docFrequency);
  return Math.log(1 + (n - docFrequency + 0.5) / (docFrequency + 0.5));
}

/**
 * The idf-weighted share of `queryTerms` found in `passageTerms`, in [0, 1].
 * @example coverage(['refund', 'window'], new Set(['refund']), new Map([['refund', 1], ['window', 3]])) // 0.25
 */
export function coverage(queryTerms: string[], passageTerms: ReadonlySet<string>, weights: ReadonlyMap<string, number>): number {
  let total = 0;
  let held = 0;
  for (const term of queryTerms) {
    const w = weights.get(term) ?? 0;
    total += w;
    if (passageTerms.has(term)) held += w;
  }
  return total > 0 ? held / total : 0;
}

/** The largest idf among `queryTerms` missing from `passageTerms`, over `maxIdf` (0 when none is missing). */
export function rarestMissing(
  queryTerms: string[],
  passageTerms: ReadonlySet<string>,
  weights: ReadonlyMap<string, number>,
  maxIdf: number,
): number {
  let worst = 0;
  for (const term of queryTerms) if (!passageTerms.has(term)) worst = Math.max(worst, weights.get(term) ?? 0);
  return maxIdf > 0 ? Math.min(1, worst / maxIdf) : 0;
}

/** The share of `terms` that `held` holds, each term counting once (0 for no terms). */
export function recall(terms: string[], held: ReadonlySet<string>): number {
  return terms.length ? terms.filter((t) => held.has(t)).length / terms.length : 0;
}

/** FTS5's bm25() k1 and idf (floored just above zero), for the most a passage could score for a question. */
const K1 = 1.2;
const ftsIdf = (total: number, df: number) => Math.max(1e-6, Math.log((total - df + 0.5) / (df + 0.5)));

const CJK_TERM = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** What every candidate's evidence shares for one question: its terms, their idf, and its own maximum BM25. */
export interface QuestionEvidence {
  terms: string[];
  asked: ReadonlySet<string>;
  weights: ReadonlyMap<string, number>;
  maxIdf: number;
  unknownShare: number;
  ceiling: number;
}

/** The question's side of the evidence, from its terms and their passage frequencies in the index. */
export function questionEvidence(allTerms: string[], frequencies: ReadonlyMap<string, number>, totalPassages: number): QuestionEvidence {
  // A Han bigram the index never holds is mostly a seam between two words (音多 in 铁观音多少钱), not a topic the
  // site lacks: it is left out of the evidence, as it is left out of the MATCH.
  const terms = allTerms.filter((t) => frequencies.get(t) || !CJK_TERM.test(t));
  const weights = new Map(terms.map((t) => [t, idf(totalPassages, frequencies.get(t) ?? 0)]));
  const known = new Set(terms.filter((t) => frequencies.get(t)));
  let ceiling = 0;
  for (const t of terms) ceiling += ftsIdf(totalPassages, frequencies.get(t) ?? 0) * (K1 + 1);
  return {
    terms,
    asked: new Set(terms),
    weights,
    maxIdf: idf(totalPassages, 0),
    unknownShare: 1 - coverage(terms, known, weights),
    ceiling,
  };
}

/** One passage's evidence: `bm25` its BM25 (positive; 0 when only the dense index found it), `next` the next one's. */
export function passageEvidence(
  q: QuestionEvidence,
  passage: { title: string; heading: string; text: string },
  bm25: number,
  next: number,
): Evidence {
  const name = `${passage.title}\n${passage.heading}`;
  const named = tokenize(name);
  const held = new Set([...named, ...tokenize(passage.text)]);
  return {
    coverage: coverage(q.terms, held, q.weights),
    titleCoverage: coverage(q.terms, new Set(named), q.weights),
    titleRecall: recall(queryTerms(name), q.asked),
    bm25Share: q.ceiling > 0 ? Math.min(1, bm25 / q.ceiling) : 0,
    margin: bm25 > 0 ? Math.max(0, (bm25 - next) / bm25) : 0,
    unknownShare: q.unknownShare,
    rarestMissing: rarestMissing(q.terms, held, q.weights, q.maxIdf),
  };
}
