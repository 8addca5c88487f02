/** Reading and deleting a site's knowledge: the version, the console's lists, and removal of one document. */
import type { KnowledgeDocumentSummary, KnowledgeFormat } from '../../shared/knowledge';
import type { KnowledgeDb } from './db';
import type { DenseIndex } from './dense';
import { bumpStatement, passageIds, removeStatements } from './ingest';
import { forgetEmpty } from './retrieve';

/** The site's knowledge version (0 before its first document); it changes on every edit. */
export async function knowledgeVersion(db: KnowledgeDb, siteKey: string): Promise<number> {
  const row = await db.prepare('SELECT version FROM knowledge_sites WHERE site = ?1').bind(siteKey).first<{ version: number }>();
  return row?.version ?? 0;
}

/** Delete one document with its passages, index rows and dense vectors; false when the site had no such document. */
export async function deleteDocument(db: KnowledgeDb, siteKey: string, docId: string, dense?: DenseIndex): Promise<boolean> {
  const found = await db
    .prepare('SELECT 1 AS found FROM knowledge_documents WHERE site = ?1 AND id = ?2')
    .bind(siteKey, docId)
    .first<{ found: number }>();
  if (!found) return false;
  const ids = dense ? await passageIds(db, siteKey, [docId]) : [];
  await db.batch([...removeStatements(db, siteKey, docId), bumpStatement(db, siteKey)]);
  forgetEmpty(siteKey);
  if (dense && ids.length) await dense.remove(ids);
  return true;
}

interface DocumentRow {
  id: string;
  title: string;
  url: string | null;
  locale: string;
  format: KnowledgeFormat;
  bytes: number;
  passages: number;
  flagged: number;
  version: number;
  created: number;
}

/** The site's documents for the console, newest edit first. */
export async function listDocuments(db: KnowledgeDb, siteKey: string, limit = 500): Promise<KnowledgeDocumentSummary[]> {
  const rows = await db
    .prepare(
      `SELECT d.id, d.title, d.url, d.locale, d.format, d.bytes, d.flagged, d.version, d.created,
         (SELECT count(*) FROM knowledge_passages p WHERE p.site = d.site AND p.doc = d.id) AS passages
       FROM knowledge_documents d WHERE d.site = ?1 ORDER BY d.version DESC, d.id LIMIT ?2`,
    )
    .bind(siteKey, limit)
    .all<DocumentRow>();
  return rows.results.map(({ url, ...row }) => (url === null ? row : { ...row, url }));
}

export interface FlaggedPassage {
  docId: string;
  ordinal: number;
  heading: string;
  text: string;
  flags: string[];
}

interface PassageRow {
  doc: string;
  ordinal: number;
  heading: string;
  text: string;
  flags: string | null;
}

const toPassage = (r: PassageRow): FlaggedPassage => ({
  docId: r.doc,
  ordinal: r.ordinal,
  heading: r.heading,
  text: r.text,
  flags: r.flags ? r.flags.split(',') : [],
});

/** Passages the injection heuristics flagged (stored, never retrieved), for the console to show. */
export async function listFlaggedPassages(db: KnowledgeDb, siteKey: string, limit = 200): Promise<FlaggedPassage[]> {
  const rows = await db
    .prepare(
      'SELECT doc, ordinal, heading, text, flags FROM knowledge_passages WHERE site = ?1 AND flagged = 1 ORDER BY doc, ordinal LIMIT ?2',
    )
    .bind(siteKey, limit)
    .all<PassageRow>();
  return rows.results.map(toPassage);
}

/** One document's passages in order, flagged ones included and marked, for the console. */
export async function listPassages(db: KnowledgeDb, siteKey: string, docId: string): Promise<FlaggedPassage[]> {
  const rows = await db
    .prepare('SELECT doc, ordinal, heading, text, flags FROM knowledge_passages WHERE site = ?1 AND doc = ?2 ORDER BY ordinal')
    .bind(siteKey, docId)
    .all<PassageRow>();
  return rows.results.map(toPassage);
}
