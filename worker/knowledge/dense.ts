/**
 * The dense side of retrieval, behind one port: passages embedded by a Workers AI model and kept in a Vectorize
 * index (one namespace per site), fused with BM25 by reciprocal rank. It exists only where both bindings are
 * configured (production, see docs/knowledge.md); locally, and in every deployment without them, BM25 alone
 * ranks. The strict floor reads lexical evidence either way, so binding it changes ranking, never refusals.
 */
import type { AiBinding } from '../providers/workers-ai';

/** A passage as the dense index stores it: its D1 row id and the text that is embedded. */
export interface DensePassage {
  id: number;
  text: string;
}

/** The port retrieval and ingest use. */
export interface DenseIndex {
  upsert(siteKey: string, passages: DensePassage[]): Promise<void>;
  remove(ids: number[]): Promise<void>;
  /** Passage ids nearest `query`, best first. */
  query(siteKey: string, query: string, topK: number): Promise<number[]>;
}

/** The part of a Vectorize binding this uses (`VectorizeIndex` in workerd; the in-memory fake has the same). */
export interface VectorStore {
  upsert(vectors: { id: string; values: number[]; namespace?: string }[]): Promise<unknown>;
  query(vector: number[], options: { topK: number; namespace?: string }): Promise<{ matches: { id: string; score: number }[] }>;
  deleteByIds(ids: string[]): Promise<unknown>;
}

/** The bindings that switch dense retrieval on: both must be present. */
export interface DenseEnv {
  KNOWLEDGE_VECTORS?: VectorStore;
  AI?: AiBinding;
  /** The embedding model; multilingual by default (English and Chinese share one index). */
  KNOWLEDGE_EMBEDDING_MODEL?: string;
}

/** BGE-M3: multilingual, 1,024 dimensions (the Vectorize index must be created with that many, cosine). */
export const DEFAULT_EMBEDDING_MODEL = '@cf/baai/bge-m3';

/** Texts per embedding call, and characters of a passage embedded (the model reads ~8k tokens at most). */
const EMBED_BATCH = 50;
const EMBED_CHARS = 4000;
/** Vectors per Vectorize upsert call. */
const UPSERT_BATCH = 500;

async function embed(ai: AiBinding, model: string, texts: string[]): Promise<number[][]> {
  const out: number[][] = [];
  for (let i = 0; i < texts.length; i += EMBED_BATCH) {
    const batch = texts.slice(i, i + EMBED_BATCH).map((t) => t.slice(0, EMBED_CHARS));
    const result = (await ai.run(model, { text: batch })) as { data?: number[][] };
    if (!Array.isArray(result.data) || result.data.length !== batch.length) throw new Error('embedding model returned no vectors');
    out.push(...result.data);
  }
  return out;
}

/** The Vectorize + Workers AI implementation of the port. */
export function vectorizeDenseIndex(store: VectorStore, ai: AiBinding, model = DEFAULT_EMBEDDING_MODEL): DenseIndex {
  return {
    async upsert(siteKey, passages) {
      if (passages.length === 0) return;
      const vectors = await embed(
        ai,
        model,
        passages.map((p) => p.text),
      );
      const rows = passages.map((p, i) => ({ id: String(p.id), values: vectors[i] as number[], namespace: siteKey }));
      for (let i = 0; i < rows.length; i += UPSERT_BATCH) await store.upsert(rows.slice(i, i + UPSERT_BATCH));
    },
    async remove(ids) {
      for (let i = 0; i < ids.length; i += UPSERT_BATCH) await store.deleteByIds(ids.slice(i, i + UPSERT_BATCH).map(String));
    },
    async query(siteKey, query, topK) {
      const [vector] = await embed(ai, model, [query]);
      if (!vector) return [];
      const found = await store.query(vector, { topK, namespace: siteKey });
      return found.matches.map((m) => Number(m.id)).filter((id) => Number.isInteger(id));
    },
  };
}

/** The deployment's dense index, or undefined (BM25 alone) unless both bindings are configured. */
export function denseIndexFor(env: DenseEnv): DenseIndex | undefined {
  if (!env.KNOWLEDGE_VECTORS || !env.AI) return undefined;
  return vectorizeDenseIndex(env.KNOWLEDGE_VECTORS, env.AI, env.KNOWLEDGE_EMBEDDING_MODEL || DEFAULT_EMBEDDING_MODEL);
}

/** Reciprocal rank fusion's constant (Cormack et al. 2009): a rank r counts 1 / (RRF_K + r). */
export const RRF_K = 60;

/**
 * Fuse rankings (lists of ids, best first) by reciprocal rank: ids ranked well in several lists rise; ties keep
 * the first list's order.
 * @example fuseRanks([[1, 2, 3], [3, 1]]) // [1, 3, 2]
 */
export function fuseRanks(lists: number[][], k = RRF_K): number[] {
  const scores = new Map<number, number>();
  const first = new Map<number, number>();
  lists.forEach((list, l) => {
    list.forEach((id, r) => {
      scores.set(id, (scores.get(id) ?? 0) + 1 / (k + r + 1));
      if (!first.has(id)) first.set(id, l * 1e6 + r);
    });
  });
  return [...scores.keys()].sort((x, y) => (scores.get(y) ?? 0) - (scores.get(x) ?? 0) || (first.get(x) ?? 0) - (first.get(y) ?? 0));
}
