/**
 * Storing documents: each replaces any earlier document with its id (its passages and index rows go first),
 * written with `db.batch` (one transaction per batch, a document never split across two), and every batch bumps
 * the site's knowledge version and recounts its totals, so the version changes on every edit.
 */
import { KNOWLEDGE_LIMITS, type KnowledgeDocumentInput } from '../../shared/knowledge';
import type { ChunkOptions } from './chunk';
import { type KnowledgeDb, type KnowledgeStatement, MAX_BOUND, slices } from './db';
import type { DenseIndex } from './dense';
import { checkSiteLimits, type HtmlBlocks, type PreparedDocument, parseDocument, prepareDocument } from './prepare';
import { forgetEmpty } from './retrieve';
import { indexText, languageToken, siteToken } from './tokens';

export interface IngestOptions {
  /** HTML extraction (workerd's HTMLRewriter); without it HTML documents are refused. */
  html?: HtmlBlocks;
  now?: () => number;
  chunking?: ChunkOptions;
  /** Statements per `db.batch` (a document's statements always share one). */
  batchSize?: number;
  /** Site limits; the defaults are the product's. */
  limits?: { maxSiteDocuments: number; maxSiteBytes: number };
  /** The dense index to keep in step with D1 (replaced passages removed, new ones embedded); none by default. */
  dense?: DenseIndex;
}

export interface IngestResult {
  version: number;
  documents: number;
  passages: number;
  flagged: number;
}

/** Statements that remove a document's index rows, passages and row (the caller bumps the version). */
export function removeStatements(db: KnowledgeDb, siteKey: string, docId: string): KnowledgeStatement[] {
  return [
    db
      .prepare('DELETE FROM knowledge_fts WHERE rowid IN (SELECT id FROM knowledge_passages WHERE site = ?1 AND doc = ?2)')
      .bind(siteKey, docId),
    db.prepare('DELETE FROM knowledge_passages WHERE site = ?1 AND doc = ?2').bind(siteKey, docId),
    db.prepare('DELETE FROM knowledge_documents WHERE site = ?1 AND id = ?2').bind(siteKey, docId),
  ];
}

/** The statement that bumps the site's version and recounts its totals (the row must exist). */
export function bumpStatement(db: KnowledgeDb, siteKey: string): KnowledgeStatement {
  return db
    .prepare(
      `UPDATE knowledge_sites SET version = version + 1,
         docs = (SELECT count(*) FROM knowledge_documents WHERE site = ?1),
         bytes = (SELECT coalesce(sum(bytes), 0) FROM knowledge_documents WHERE site = ?1),
         passages = (SELECT count(*) FROM knowledge_passages WHERE site = ?1 AND flagged = 0)
       WHERE site = ?1`,
    )
    .bind(siteKey);
}

function ensureSite(db: KnowledgeDb, siteKey: string): KnowledgeStatement {
  return db.prepare('INSERT INTO knowledge_sites (site) VALUES (?1) ON CONFLICT (site) DO NOTHING').bind(siteKey);
}

function documentStatements(db: KnowledgeDb, siteKey: string, prepared: PreparedDocument, now: number): KnowledgeStatement[] {
  const { doc, bytes, passages } = prepared;
  const flagged = passages.filter((p) => p.flags.length > 0).length;
  const scope = `${siteToken(siteKey)} ${languageToken(doc.locale)}`;
  const title = indexText(doc.title);
  const out: KnowledgeStatement[] = [
    db
      .prepare(
        `INSERT INTO knowledge_documents (site, id, title, url, locale, format, bytes, version, flagged, created)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, (SELECT version + 1 FROM knowledge_sites WHERE site = ?1), ?8, ?9)`,
      )
      .bind(siteKey, doc.id, doc.title, doc.url ?? null, doc.locale, doc.format, bytes, flagged, now),
  ];
  for (const p of passages) {
    const isFlagged = p.flags.length > 0;
    out.push(
      db
        .prepare('INSERT INTO knowledge_passages (site, doc, ordinal, heading, text, flagged, flags) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)')
        .bind(siteKey, doc.id, p.ordinal, p.heading, p.text, isFlagged ? 1 : 0, isFlagged ? p.flags.join(',') : null),
    );
    if (!isFlagged) {
      out.push(
        db
          .prepare('INSERT INTO knowledge_fts (rowid, site, title, heading, body) VALUES (last_insert_rowid(), ?1, ?2, ?3, ?4)')
          .bind(scope, title, indexText(p.heading), indexText(p.text)),
      );
    }
  }
  return out;
}

async function existingBytes(db: KnowledgeDb, siteKey: string, ids: string[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (const slice of slices(ids, MAX_BOUND)) {
    const marks = slice.map((_, i) => `?${i + 2}`).join(', ');
    const rows = await db
      .prepare(`SELECT id, bytes FROM knowledge_documents WHERE site = ?1 AND id IN (${marks})`)
      .bind(siteKey, ...slice)
      .all<{ id: string; bytes: number }>();
    for (const row of rows.results) found.set(row.id, row.bytes);
  }
  return found;
}

/**
 * Ingest (add or replace) documents for a site. Validates everything and checks the limits before writing
 * anything; throws a `ParleyError` (`bad_request`, `too_large`, `quota_exceeded`) naming the limit.
 */
export async function ingestDocuments(
  db: KnowledgeDb,
  siteKey: string,
  inputs: KnowledgeDocumentInput[],
  options: IngestOptions = {},
): Promise<IngestResult> {
  const limits = options.limits ?? KNOWLEDGE_LIMITS;
  const parsed = inputs.map((input) => parseDocument(input));
  const latest = new Map(parsed.map((p, i) => [p.doc.id, i]));
  const unique = inputs.filter((_, i) => latest.get(parsed[i]?.doc.id ?? '') === i);
  const ids = [...latest.keys()];
  const [site, existing] = await Promise.all([
    db.prepare('SELECT docs, bytes FROM knowledge_sites WHERE site = ?1').bind(siteKey).first<{ docs: number; bytes: number }>(),
    existingBytes(db, siteKey, ids),
  ]);
  let bytes = site?.bytes ?? 0;
  for (const [id, index] of latest) bytes += (parsed[index]?.bytes ?? 0) - (existing.get(id) ?? 0);
  checkSiteLimits({ docs: (site?.docs ?? 0) + ids.filter((id) => !existing.has(id)).length, bytes }, limits);

  const replacedIds = options.dense ? await passageIds(db, siteKey, [...existing.keys()]) : [];
  const now = (options.now ?? Date.now)();
  const batchSize = options.batchSize ?? 400;
  const result: IngestResult = { version: 0, documents: 0, passages: 0, flagged: 0 };
  let pending: KnowledgeStatement[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    await db.batch([ensureSite(db, siteKey), ...pending, bumpStatement(db, siteKey)]);
    forgetEmpty(siteKey);
    pending = [];
  };
  for (const input of unique) {
    const prepared = await prepareDocument(input, options.html, options.chunking);
    const statements = [
      ...(existing.has(prepared.doc.id) ? removeStatements(db, siteKey, prepared.doc.id) : []),
      ...documentStatements(db, siteKey, prepared, now),
    ];
    if (pending.length && pending.length + statements.length > batchSize) await flush();
    pending.push(...statements);
    result.documents++;
    result.passages += prepared.passages.length;
    result.flagged += prepared.passages.filter((p) => p.flags.length > 0).length;
  }
  await flush();
  if (options.dense) await syncDense(db, siteKey, options.dense, replacedIds, ids);
  const row = await db.prepare('SELECT version FROM knowledge_sites WHERE site = ?1').bind(siteKey).first<{ version: number }>();
  result.version = row?.version ?? 0;
  return result;
}

/** The ids of the documents' passages (flagged ones included: they may have been embedded before a rescan). */
export async function passageIds(db: KnowledgeDb, siteKey: string, docIds: string[]): Promise<number[]> {
  const out: number[] = [];
  for (const slice of slices(docIds, MAX_BOUND)) {
    const marks = slice.map((_, i) => `?${i + 2}`).join(', ');
    const rows = await db
      .prepare(`SELECT id FROM knowledge_passages WHERE site = ?1 AND doc IN (${marks})`)
      .bind(siteKey, ...slice)
      .all<{ id: number }>();
    out.push(...rows.results.map((r) => r.id));
  }
  return out;
}

/** Remove the replaced passages' vectors and embed the documents' current unflagged passages (title, heading, text). */
async function syncDense(db: KnowledgeDb, siteKey: string, dense: DenseIndex, replacedIds: number[], docIds: string[]): Promise<void> {
  if (replacedIds.length) await dense.remove(replacedIds);
  for (const slice of slices(docIds, MAX_BOUND)) {
    const marks = slice.map((_, i) => `?${i + 2}`).join(', ');
    const rows = await db
      .prepare(
        `SELECT p.id, d.title, p.heading, p.text FROM knowledge_passages p
         JOIN knowledge_documents d ON d.site = p.site AND d.id = p.doc
         WHERE p.site = ?1 AND p.flagged = 0 AND p.doc IN (${marks})`,
      )
      .bind(siteKey, ...slice)
      .all<{ id: number; title: string; heading: string; text: string }>();
    await dense.upsert(
      siteKey,
      rows.results.map((r) => ({ id: r.id, text: [r.title, r.heading, r.text].filter(Boolean).join('\n') })),
    );
  }
}
