/**
 * Retrieval: the visitor's words as a safe FTS5 query, ranked by `bm25()` with the title and heading weighted
 * above the body, each passage given a relevance score comparable across queries (see `score.ts`).
 */
import type { RetrievalResult, RetrievedPassage } from '../../shared/knowledge';
import type { KnowledgeDb } from './db';
import { buildMatchQuery } from './match';
import { coverage, type Evidence, idf, rarestMissing, recall, relevance } from './relevance';
import { queryTerms, tokenize } from './tokens';

/** bm25() weights for (site, title, heading, body); the site column only filters. */
export interface FieldWeights {
  title: number;
  heading: number;
  body: number;
}

/** Title ×8 was the best of the benchmark's grid on its tuning half (help-centre titles are the questions). */
export const DEFAULT_WEIGHTS: FieldWeights = { title: 8, heading: 1.5, body: 1 };

export interface RetrieveOptions {
  k: number;
  /** Only documents in this locale's language (`zh-CN` finds `zh` and `zh-TW` documents); all when absent. */
  locale?: string;
  weights?: FieldWeights;
}

interface Row {
  doc: string;
  title: string;
  url: string | null;
  heading: string;
  text: string;
  rank: number;
}

const MAX_K = 50;

const CJK_TERM = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * How many index postings (passages per term, summed) a MATCH may touch. FTS5 scores every passage that holds
 * any OR-ed term, so a common word would make it score most of a large site; past this budget the commonest
 * terms are left out of the MATCH (they still count in the score). Small sites never reach it.
 */
export const MATCH_POSTINGS_BUDGET = 2000;

/** The terms to match: the index's known terms, rarest first, while their postings fit the budget (at least one). */
export function matchTerms(terms: string[], frequencies: ReadonlyMap<string, number>, budget = MATCH_POSTINGS_BUDGET): string[] {
  const known = terms.filter((t) => (frequencies.get(t) ?? 0) > 0);
  const byRarity = [...known].sort((x, y) => (frequencies.get(x) ?? 0) - (frequencies.get(y) ?? 0));
  const kept = new Set<string>();
  let postings = 0;
  for (const term of byRarity) {
    postings += frequencies.get(term) ?? 0;
    if (kept.size > 0 && postings > budget) break;
    kept.add(term);
  }
  return known.filter((t) => kept.has(t));
}

/** A candidate passage with the evidence its relevance is computed from. */
export interface Candidate extends Omit<RetrievedPassage, 'score' | 'n'> {
  evidence: Evidence;
}

export interface Candidates {
  candidates: Candidate[];
  version: number;
}

/** FTS5's bm25() constants and idf (floored just above zero), for the question's own maximum score. */
const K1 = 1.2;
const ftsIdf = (total: number, df: number) => Math.max(1e-6, Math.log((total - df + 0.5) / (df + 0.5)));

/** Candidates read beyond `k`, so the last passage returned still has a neighbour to measure its margin against. */
const MARGIN_LOOKAHEAD = 1;

/**
 * The best `k` candidate passages for `query` with their evidence, and the version they were read at. Two round
 * trips: the site's version and the terms' frequencies, then the ranked passages.
 */
export async function retrieveCandidates(db: KnowledgeDb, siteKey: string, query: string, options: RetrieveOptions): Promise<Candidates> {
  const allTerms = queryTerms(query);
  const versionStatement = db.prepare('SELECT version, passages FROM knowledge_sites WHERE site = ?1').bind(siteKey);
  if (allTerms.length === 0) {
    const row = await versionStatement.first<{ version: number }>();
    return { candidates: [], version: row?.version ?? 0 };
  }
  const marks = allTerms.map((_, i) => `?${i + 1}`).join(', ');
  const [site, vocab] = await db.batch([
    versionStatement,
    db.prepare(`SELECT term, doc FROM knowledge_terms WHERE term IN (${marks})`).bind(...allTerms),
  ]);
  const siteRow = site?.results[0] as { version: number; passages: number } | undefined;
  const version = siteRow?.version ?? 0;
  const totals = (vocab?.results ?? []) as { term: string; doc: number }[];
  const frequencies = new Map(totals.map((t) => [t.term, t.doc]));
  const allPassages = Math.max(siteRow?.passages ?? 0, ...totals.map((t) => t.doc));
  const match = buildMatchQuery(siteKey, matchTerms(allTerms, frequencies), options.locale);
  if (!siteRow?.passages || !match) return { candidates: [], version };
  const w = options.weights ?? DEFAULT_WEIGHTS;
  const k = Math.max(1, Math.min(MAX_K, Math.floor(options.k)));
  const ranked = await db
    .prepare(
      `SELECT p.doc, d.title, d.url, p.heading, p.text, f.rank
       FROM (SELECT rowid AS id, bm25(knowledge_fts, 0, ?2, ?3, ?4) AS rank FROM knowledge_fts
             WHERE knowledge_fts MATCH ?1 ORDER BY rank LIMIT ?5) f
       JOIN knowledge_passages p ON p.id = f.id
       JOIN knowledge_documents d ON d.site = p.site AND d.id = p.doc
       WHERE p.site = ?6 AND p.flagged = 0
       ORDER BY f.rank`,
    )
    .bind(match, w.title, w.heading, w.body, k + MARGIN_LOOKAHEAD, siteKey)
    .all<Row>();
  // A Han bigram the index never holds is mostly a seam between two words (音多 in 铁观音多少钱), not a topic the
  // site lacks: it is left out of the evidence, as it is left out of the MATCH.
  const terms = allTerms.filter((t) => frequencies.get(t) || !CJK_TERM.test(t));
  const weights = new Map(terms.map((t) => [t, idf(allPassages, frequencies.get(t) ?? 0)]));
  const maxIdf = idf(allPassages, 0);
  const unknown = new Set(terms.filter((t) => !frequencies.get(t)));
  const unknownShare = 1 - coverage(terms, new Set(terms.filter((t) => !unknown.has(t))), weights);
  let ceiling = 0;
  for (const t of terms) ceiling += ftsIdf(allPassages, frequencies.get(t) ?? 0) * (K1 + 1);
  const asked = new Set(terms);
  const rows = ranked.results;
  const candidates = rows.slice(0, k).map((row, i): Candidate => {
    const name = `${row.title}\n${row.heading}`;
    const held = new Set(tokenize(`${name}\n${row.text}`));
    const score = -row.rank;
    const next = rows[i + 1] ? -(rows[i + 1] as Row).rank : 0;
    const evidence: Evidence = {
      coverage: coverage(terms, held, weights),
      titleCoverage: coverage(terms, new Set(tokenize(name)), weights),
      titleRecall: recall(queryTerms(name), asked),
      bm25Share: ceiling > 0 ? Math.min(1, score / ceiling) : 0,
      margin: score > 0 ? Math.max(0, (score - next) / score) : 0,
      unknownShare,
      rarestMissing: rarestMissing(terms, held, weights, maxIdf),
    };
    const candidate: Candidate = { docId: row.doc, title: row.title, heading: row.heading, text: row.text, evidence };
    if (row.url !== null) candidate.url = row.url;
    return candidate;
  });
  return { candidates, version };
}

/** The best `k` passages of the site's knowledge for `query`, each with its relevance, and the version read. */
export async function retrieve(db: KnowledgeDb, siteKey: string, query: string, options: RetrieveOptions): Promise<RetrievalResult> {
  const { candidates, version } = await retrieveCandidates(db, siteKey, query, options);
  const passages = candidates.map(
    ({ evidence, ...passage }, i): RetrievedPassage => ({ ...passage, score: relevance(evidence), n: i + 1 }),
  );
  return { passages, version, best: Math.max(0, ...passages.map((p) => p.score)) };
}
