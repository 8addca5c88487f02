/**
 * Retrieval: the visitor's words as a safe FTS5 query, ranked by `bm25()` with the title and heading weighted
 * above the body, each passage given a relevance score comparable across queries (see `score.ts`).
 */
import type { RetrievalResult, RetrievedPassage } from '../../shared/knowledge';
import type { KnowledgeDb } from './db';
import { type DenseIndex, fuseRanks } from './dense';
import { buildMatchQuery } from './match';
import { type Evidence, passageEvidence, questionEvidence, relevance } from './relevance';
import { languageToken, queryTerms } from './tokens';

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
  /** A dense index to fuse with BM25 (reciprocal rank fusion); BM25 alone without it. */
  dense?: DenseIndex;
}

interface Row {
  id: number;
  doc: string;
  title: string;
  url: string | null;
  heading: string;
  text: string;
  rank: number;
}

const MAX_K = 50;

/** Dense candidates asked for beyond `k`, so fusion has passages BM25 missed to promote. */
const DENSE_EXTRA = 5;

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

/** The ranked BM25 passages of the site for a MATCH (flagged passages are never in the index). */
function bm25Statement(db: KnowledgeDb, match: string, w: FieldWeights, limit: number, siteKey: string) {
  return db
    .prepare(
      `SELECT p.id, p.doc, d.title, d.url, p.heading, p.text, f.rank
       FROM (SELECT rowid AS id, bm25(knowledge_fts, 0, ?2, ?3, ?4) AS rank FROM knowledge_fts
             WHERE knowledge_fts MATCH ?1 ORDER BY rank LIMIT ?5) f
       JOIN knowledge_passages p ON p.id = f.id
       JOIN knowledge_documents d ON d.site = p.site AND d.id = p.doc
       WHERE p.site = ?6 AND p.flagged = 0
       ORDER BY f.rank`,
    )
    .bind(match, w.title, w.heading, w.body, limit, siteKey);
}

/** Passages by id (those only the dense index found), unflagged, of the site, in `locale`'s language if given. */
async function passagesById(db: KnowledgeDb, siteKey: string, ids: number[], locale: string | undefined): Promise<Row[]> {
  if (ids.length === 0) return [];
  const marks = ids.map((_, i) => `?${i + 2}`).join(', ');
  const rows = await db
    .prepare(
      `SELECT p.id, p.doc, d.title, d.url, p.heading, p.text, 0 AS rank, d.locale
       FROM knowledge_passages p JOIN knowledge_documents d ON d.site = p.site AND d.id = p.doc
       WHERE p.site = ?1 AND p.flagged = 0 AND p.id IN (${marks})`,
    )
    .bind(siteKey, ...ids)
    .all<Row & { locale: string }>();
  const language = locale ? languageToken(locale) : undefined;
  return rows.results.filter((row) => !language || languageToken(row.locale) === language);
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

/** Candidates read beyond `k`, so the last passage returned still has a neighbour to measure its margin against. */
const MARGIN_LOOKAHEAD = 1;

/**
 * The best `k` candidate passages for `query` with their evidence, and the version they were read at. Two round
 * trips: the site's version and the terms' frequencies, then the ranked passages; none for a site this isolate
 * saw with nothing indexed in the last `EMPTY_TTL_MS`.
 */
export async function retrieveCandidates(db: KnowledgeDb, siteKey: string, query: string, options: RetrieveOptions): Promise<Candidates> {
  const at = Date.now();
  const empty = emptySites.get(siteKey);
  if (empty && at - empty.at < EMPTY_TTL_MS) return { candidates: [], version: empty.version };
  const allTerms = queryTerms(query);
  const k = Math.max(1, Math.min(MAX_K, Math.floor(options.k)));
  // The dense index (when bound) is asked at once, beside D1; if it fails, BM25 alone ranks.
  const denseHits = options.dense
    ? options.dense.query(siteKey, query, k + DENSE_EXTRA).catch(() => [] as number[])
    : Promise.resolve([] as number[]);
  const versionStatement = db.prepare('SELECT version, passages FROM knowledge_sites WHERE site = ?1').bind(siteKey);
  if (allTerms.length === 0) {
    const row = await versionStatement.first<{ version: number; passages: number }>();
    noteSite(siteKey, row ?? undefined, at);
    return { candidates: [], version: row?.version ?? 0 };
  }
  const marks = allTerms.map((_, i) => `?${i + 1}`).join(', ');
  const [site, vocab] = await db.batch([
    versionStatement,
    db.prepare(`SELECT term, doc FROM knowledge_terms WHERE term IN (${marks})`).bind(...allTerms),
  ]);
  const siteRow = site?.results[0] as { version: number; passages: number } | undefined;
  noteSite(siteKey, siteRow, at);
  const version = siteRow?.version ?? 0;
  const totals = (vocab?.results ?? []) as { term: string; doc: number }[];
  const frequencies = new Map(totals.map((t) => [t.term, t.doc]));
  const allPassages = Math.max(siteRow?.passages ?? 0, ...totals.map((t) => t.doc));
  const match = buildMatchQuery(siteKey, matchTerms(allTerms, frequencies), options.locale);
  if (!siteRow?.passages || (!match && !options.dense)) return { candidates: [], version };
  const w = options.weights ?? DEFAULT_WEIGHTS;
  const ranked = match ? await bm25Statement(db, match, w, k + MARGIN_LOOKAHEAD, siteKey).all<Row>() : undefined;
  const question = questionEvidence(allTerms, frequencies, allPassages);
  const bm25Rows = ranked?.results ?? [];
  const denseIds = await denseHits;
  const byId = new Map(
    bm25Rows.map((row, i) => [row.id, { row, score: -row.rank, next: bm25Rows[i + 1] ? -(bm25Rows[i + 1] as Row).rank : 0 }]),
  );
  let order = bm25Rows.slice(0, k).map((row) => row.id);
  if (denseIds.length) {
    order = fuseRanks([bm25Rows.map((row) => row.id), denseIds]).slice(0, k);
    for (const row of await passagesById(
      db,
      siteKey,
      order.filter((id) => !byId.has(id)),
      options.locale,
    )) {
      byId.set(row.id, { row, score: 0, next: 0 });
    }
  }
  const candidates: Candidate[] = [];
  for (const id of order) {
    const hit = byId.get(id);
    if (!hit) continue;
    const { row } = hit;
    const candidate: Candidate = {
      docId: row.doc,
      title: row.title,
      heading: row.heading,
      text: row.text,
      evidence: passageEvidence(question, row, hit.score, hit.next),
    };
    if (row.url !== null) candidate.url = row.url;
    candidates.push(candidate);
  }
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
