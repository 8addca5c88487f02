/**
 * Retrieval: the visitor's words as a safe FTS5 query, ranked by `bm25()` with the title and heading weighted
 * above the body, each passage given a relevance score comparable across queries (see `score.ts`).
 */
import type { RetrievalResult, RetrievedPassage } from '../../shared/knowledge';
import type { KnowledgeDb } from './db';
import { buildMatchQuery } from './match';
import { coverage, idf } from './score';
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
}

const MAX_K = 50;

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

/**
 * How long an isolate trusts that a site has nothing indexed (the same seconds-scale staleness as a publish,
 * see storage/live-cache.ts): most sites answer from their FAQ and intents alone, and every turn of theirs would
 * otherwise spend a D1 round trip to learn that again. An edit in this isolate forgets it at once (`forgetEmpty`).
 */
export const EMPTY_TTL_MS = 5_000;
const emptySites = new Map<string, { at: number; version: number }>();

/** Remember (or, with a passage count above 0, forget) what a read of the site's row found. */
function noteSite(siteKey: string, row: { version: number; passages: number } | undefined, at: number): void {
  if (row?.passages) {
    emptySites.delete(siteKey);
    return;
  }
  if (emptySites.size >= 1000) emptySites.clear();
  emptySites.set(siteKey, { at, version: row?.version ?? 0 });
}

/** The site's knowledge changed in this isolate: read it again on the next turn. */
export function forgetEmpty(siteKey: string): void {
  emptySites.delete(siteKey);
}

/**
 * The best `k` passages of the site's knowledge for `query`, with the version they were read at. Two round
 * trips: the site's version and the terms' frequencies, then the ranked passages; none for a site this isolate
 * saw with nothing indexed in the last `EMPTY_TTL_MS`.
 */
export async function retrieve(db: KnowledgeDb, siteKey: string, query: string, options: RetrieveOptions): Promise<RetrievalResult> {
  const at = Date.now();
  const empty = emptySites.get(siteKey);
  if (empty && at - empty.at < EMPTY_TTL_MS) return { passages: [], version: empty.version, best: 0 };
  const terms = queryTerms(query);
  const versionStatement = db.prepare('SELECT version, passages FROM knowledge_sites WHERE site = ?1').bind(siteKey);
  if (terms.length === 0) {
    const row = await versionStatement.first<{ version: number; passages: number }>();
    noteSite(siteKey, row ?? undefined, at);
    return { passages: [], version: row?.version ?? 0, best: 0 };
  }
  const marks = terms.map((_, i) => `?${i + 1}`).join(', ');
  const [site, vocab] = await db.batch([
    versionStatement,
    db.prepare(`SELECT term, doc FROM knowledge_terms WHERE term IN (${marks})`).bind(...terms),
  ]);
  const siteRow = site?.results[0] as { version: number; passages: number } | undefined;
  noteSite(siteKey, siteRow, at);
  const version = siteRow?.version ?? 0;
  const totals = (vocab?.results ?? []) as { term: string; doc: number }[];
  const frequencies = new Map(totals.map((t) => [t.term, t.doc]));
  const allPassages = Math.max(siteRow?.passages ?? 0, ...totals.map((t) => t.doc));
  const match = buildMatchQuery(siteKey, matchTerms(terms, frequencies), options.locale);
  if (!siteRow?.passages || !match) return { passages: [], version, best: 0 };
  const w = options.weights ?? DEFAULT_WEIGHTS;
  const k = Math.max(1, Math.min(MAX_K, Math.floor(options.k)));
  const ranked = await db
    .prepare(
      `SELECT p.doc, d.title, d.url, p.heading, p.text
       FROM (SELECT rowid AS id, bm25(knowledge_fts, 0, ?2, ?3, ?4) AS rank FROM knowledge_fts
             WHERE knowledge_fts MATCH ?1 ORDER BY rank LIMIT ?5) f
       JOIN knowledge_passages p ON p.id = f.id
       JOIN knowledge_documents d ON d.site = p.site AND d.id = p.doc
       WHERE p.site = ?6 AND p.flagged = 0
       ORDER BY f.rank`,
    )
    .bind(match, w.title, w.heading, w.body, k, siteKey)
    .all<Row>();
  const weights = new Map(terms.map((t) => [t, idf(allPassages, frequencies.get(t) ?? 0)]));
  const passages: RetrievedPassage[] = ranked.results.map((row, i) => {
    const held = new Set(tokenize(`${row.title}\n${row.heading}\n${row.text}`));
    const passage: RetrievedPassage = {
      docId: row.doc,
      title: row.title,
      heading: row.heading,
      text: row.text,
      score: coverage(terms, held, weights),
      n: i + 1,
    };
    if (row.url !== null) passage.url = row.url;
    return passage;
  });
  return { passages, version, best: Math.max(0, ...passages.map((p) => p.score)) };
}
