/**
 * Retrieval: the visitor's words as a safe FTS5 query, ranked by `bm25()` with the title and heading weighted
 * above the body, each passage given a relevance score comparable across queries. One `db.batch` (one round
 * trip): the ranked passages, the site's version, and the document frequencies the score needs.
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

export const DEFAULT_WEIGHTS: FieldWeights = { title: 3, heading: 1.5, body: 1 };

export interface RetrieveOptions {
  k: number;
  /** Only documents in this language (`zh-CN` matches `zh` and `zh-TW`'s `zh`); all when absent. */
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

/** The best `k` passages of the site's knowledge for `query`, with the version they were read at. */
export async function retrieve(db: KnowledgeDb, siteKey: string, query: string, options: RetrieveOptions): Promise<RetrievalResult> {
  const terms = queryTerms(query);
  const match = buildMatchQuery(siteKey, query, terms);
  const versionStatement = db.prepare('SELECT version, passages FROM knowledge_sites WHERE site = ?1').bind(siteKey);
  if (!match) {
    const row = await versionStatement.first<{ version: number }>();
    return { passages: [], version: row?.version ?? 0, best: 0 };
  }
  const w = options.weights ?? DEFAULT_WEIGHTS;
  const k = Math.max(1, Math.min(MAX_K, Math.floor(options.k)));
  const lang = options.locale?.split('-')[0]?.toLowerCase() || null;
  const marks = terms.map((_, i) => `?${i + 1}`).join(', ');
  const [ranked, site, vocab] = await db.batch([
    db
      .prepare(
        `SELECT p.doc, d.title, d.url, p.heading, p.text
         FROM knowledge_fts f
         JOIN knowledge_passages p ON p.id = f.rowid
         JOIN knowledge_documents d ON d.site = p.site AND d.id = p.doc
         WHERE knowledge_fts MATCH ?1 AND p.site = ?2 AND p.flagged = 0
           AND (?3 IS NULL OR lower(d.locale) = ?3 OR lower(d.locale) LIKE ?3 || '-%')
         ORDER BY bm25(knowledge_fts, 0, ?4, ?5, ?6) LIMIT ?7`,
      )
      .bind(match, siteKey, lang, w.title, w.heading, w.body, k),
    versionStatement,
    db.prepare(`SELECT term, doc FROM knowledge_terms WHERE term IN (${marks})`).bind(...terms),
  ]);
  const siteRow = site?.results[0] as { version: number; passages: number } | undefined;
  const totals = (vocab?.results ?? []) as { term: string; doc: number }[];
  const frequencies = new Map(totals.map((t) => [t.term, t.doc]));
  const allPassages = Math.max(siteRow?.passages ?? 0, ...totals.map((t) => t.doc));
  const weights = new Map(terms.map((t) => [t, idf(allPassages, frequencies.get(t) ?? 0)]));
  const passages: RetrievedPassage[] = ((ranked?.results ?? []) as Row[]).map((row, i) => {
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
  return { passages, version: siteRow?.version ?? 0, best: Math.max(0, ...passages.map((p) => p.score)) };
}
