/**
 * The site's knowledge as one module with a stable interface: ingest, delete, list, retrieve, and the
 * strict-mode floor. Inside the Worker, `ingest` extracts HTML with HTMLRewriter; Node code (the benchmark)
 * imports `./ingest` directly and sends text or markdown.
 */
import type { KnowledgeDocumentInput } from '../../shared/knowledge';
import type { KnowledgeDb } from './db';
import { htmlBlocks } from './html';
import { type IngestOptions, type IngestResult, ingestDocuments } from './ingest';

export type { KnowledgeDb } from './db';
export { type DenseEnv, type DenseIndex, denseIndexFor, fuseRanks, vectorizeDenseIndex } from './dense';
export { deleteDocument, type FlaggedPassage, knowledgeVersion, listDocuments, listFlaggedPassages, listPassages } from './documents';
export type { IngestOptions, IngestResult } from './ingest';
export { DEFAULT_WEIGHTS, type FieldWeights, type RetrieveOptions, retrieve } from './retrieve';
export { answerable, DEFAULT_FLOOR } from './score';

/** Add or replace documents for a site (HTML through HTMLRewriter); refusals are typed `ParleyError`s. */
export function ingest(
  db: KnowledgeDb,
  siteKey: string,
  documents: KnowledgeDocumentInput[],
  options: Omit<IngestOptions, 'html'> = {},
): Promise<IngestResult> {
  return ingestDocuments(db, siteKey, documents, { ...options, html: htmlBlocks });
}
