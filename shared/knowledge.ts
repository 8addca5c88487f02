/**
 * The site's knowledge: the documents an admin ingests and what retrieval hands to the turn (and later to the
 * widget as sources). One zod schema each, the single source of truth for the admin API and the console.
 */
import { z } from 'zod';

/** Refusal limits: one document's body, and a site's whole knowledge (bytes are UTF-8 of title + body). */
export const KNOWLEDGE_LIMITS = {
  maxDocumentBytes: 200 * 1024,
  maxSiteBytes: 5 * 1024 * 1024,
  maxSiteDocuments: 2000,
  maxTitleChars: 300,
} as const;

export const KnowledgeFormat = z.enum(['markdown', 'html', 'text']);
export type KnowledgeFormat = z.infer<typeof KnowledgeFormat>;

/** An article as an admin submits it. `id` is the site's own stable key: ingesting the same id replaces it. */
export const KnowledgeDocument = z.object({
  id: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[\w.:\-/]+$/, 'ids are letters, digits and . _ : - /'),
  title: z.string().min(1).max(KNOWLEDGE_LIMITS.maxTitleChars),
  url: z.url().max(2000).optional(),
  locale: z.string().min(2).max(35).default('en'),
  format: KnowledgeFormat.default('text'),
  body: z.string(),
});
export type KnowledgeDocument = z.infer<typeof KnowledgeDocument>;
export type KnowledgeDocumentInput = z.input<typeof KnowledgeDocument>;

/** One passage retrieval returns; `n` numbers it (1-based) so a reply can cite `[n]`. */
/** A document as a citation names it. */
const DocumentRef = z.object({ title: z.string(), url: z.string().optional() });

export const RetrievedPassage = DocumentRef.extend({
  docId: z.string(),
  heading: z.string(),
  text: z.string(),
  /** Relevance in [0, 1], comparable across queries: the idf-weighted share of the query's terms it holds. */
  score: z.number().min(0).max(1),
  n: z.number().int().positive(),
});
export type RetrievedPassage = z.infer<typeof RetrievedPassage>;

/** What `retrieve` answers: the passages best first, the knowledge version they came from, the best score. */
export const RetrievalResult = z.object({
  passages: z.array(RetrievedPassage),
  version: z.number().int().nonnegative(),
  best: z.number().min(0).max(1),
});
export type RetrievalResult = z.infer<typeof RetrievalResult>;

/** A document as the console lists it, with how many of its passages the injection check flagged. */
export const KnowledgeDocumentSummary = DocumentRef.extend({
  id: z.string(),
  locale: z.string(),
  format: KnowledgeFormat,
  bytes: z.number().int(),
  passages: z.number().int(),
  flagged: z.number().int(),
  version: z.number().int(),
  created: z.number().int(),
});
export type KnowledgeDocumentSummary = z.infer<typeof KnowledgeDocumentSummary>;
