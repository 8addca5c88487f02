/**
 * A submitted document, validated and turned into passages ready to store: limits checked, text extracted by
 * format, chunked, and every passage run through the prompt-injection heuristics (indirect injection: a page
 * that tells the model to ignore its rules is stored flagged and never retrieved for a prompt).
 */
import { KNOWLEDGE_LIMITS, KnowledgeDocument, type KnowledgeDocumentInput } from '../../shared/knowledge';
import { ParleyError } from '../errors';
import { detectInjection } from '../guards/policy/injection';
import { CHUNK_DEFAULTS, type ChunkOptions, chunkBlocks, type Passage } from './chunk';
import { type Block, markdownBlocks, textBlocks } from './markdown';

/** Turns HTML into blocks; inside workerd this is `htmlBlocks` (HTMLRewriter), which Node cannot run. */
export type HtmlBlocks = (html: string) => Promise<Block[]>;

export interface PreparedPassage extends Passage {
  flags: string[];
}

export interface PreparedDocument {
  doc: KnowledgeDocument;
  bytes: number;
  passages: PreparedPassage[];
}

const encoder = new TextEncoder();

function kb(bytes: number): string {
  return `${Math.ceil(bytes / 1024)} KB`;
}

/** Parse one submitted document or refuse it with `bad_request` / `too_large` naming the field or the limit. */
export function parseDocument(input: KnowledgeDocumentInput): { doc: KnowledgeDocument; bytes: number } {
  const parsed = KnowledgeDocument.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'document';
    throw new ParleyError('bad_request', `Knowledge document ${where}: ${issue?.message ?? 'invalid'}.`);
  }
  const doc = parsed.data;
  const bytes = encoder.encode(doc.title).length + encoder.encode(doc.body).length;
  if (bytes > KNOWLEDGE_LIMITS.maxDocumentBytes) {
    throw new ParleyError(
      'too_large',
      `Knowledge documents are limited to ${kb(KNOWLEDGE_LIMITS.maxDocumentBytes)} each; "${doc.id}" is ${kb(bytes)}.`,
    );
  }
  return { doc, bytes };
}

async function blocksOf(doc: KnowledgeDocument, html: HtmlBlocks | undefined): Promise<Block[]> {
  if (doc.format === 'markdown') return markdownBlocks(doc.body);
  if (doc.format === 'text') return textBlocks(doc.body);
  if (!html) throw new ParleyError('bad_request', 'HTML documents can only be ingested inside the Worker.');
  return html(doc.body);
}

/** Validate, extract, chunk and scan one document. */
export async function prepareDocument(
  input: KnowledgeDocumentInput,
  html?: HtmlBlocks,
  chunking: ChunkOptions = CHUNK_DEFAULTS,
): Promise<PreparedDocument> {
  const { doc, bytes } = parseDocument(input);
  const passages = chunkBlocks(await blocksOf(doc, html), chunking).map((p) => ({
    ...p,
    flags: detectInjection(p.heading ? `${p.heading}\n${p.text}` : p.text),
  }));
  return { doc, bytes, passages };
}

/** Refuse an ingest that would take the site past its document count or byte budget. */
export function checkSiteLimits(
  next: { docs: number; bytes: number },
  limits: { maxSiteDocuments: number; maxSiteBytes: number } = KNOWLEDGE_LIMITS,
): void {
  if (next.docs > limits.maxSiteDocuments) {
    throw new ParleyError(
      'quota_exceeded',
      `A site's knowledge is limited to ${limits.maxSiteDocuments} documents; this would make ${next.docs}.`,
    );
  }
  if (next.bytes > limits.maxSiteBytes) {
    throw new ParleyError(
      'quota_exceeded',
      `A site's knowledge is limited to ${limits.maxSiteBytes / 1024 / 1024} MB; this would make ${kb(next.bytes)}.`,
    );
  }
}
