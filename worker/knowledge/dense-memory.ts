/**
 * A faithful in-memory stand-in for the dense bindings, for tests and local experiments: a vector store with
 * Vectorize's surface (namespaces, cosine `query` best first, `deleteByIds`, upsert replacing by id) and an
 * embedding "model" with Workers AI's (`run(model, { text }) → { data }`) that is deterministic: each word (after
 * an optional synonym map, so a test can say two words mean the same) is hashed to a fixed pseudo-random unit
 * direction, and a text is the normalised sum of its words'. Nothing here is used unless passed in.
 */
import type { AiBinding } from '../providers/workers-ai';
import type { VectorStore } from './dense';
import { tokenize } from './tokens';

/** An in-memory Vectorize index (cosine). `size()` counts the vectors, `namespaceOf(id)` says where one is. */
export function memoryVectorStore(): VectorStore & { size(): number; namespaceOf(id: string): string | undefined } {
  const vectors = new Map<string, { values: number[]; namespace: string }>();
  const norm = (v: number[]) => Math.sqrt(v.reduce((a, x) => a + x * x, 0)) || 1;
  return {
    async upsert(rows) {
      for (const row of rows) vectors.set(row.id, { values: row.values, namespace: row.namespace ?? '' });
      return { mutationId: String(vectors.size) };
    },
    async query(vector, options) {
      const qn = norm(vector);
      const matches = [...vectors.entries()]
        .filter(([, v]) => options.namespace === undefined || v.namespace === options.namespace)
        .map(([id, v]) => ({ id, score: v.values.reduce((a, x, i) => a + x * (vector[i] ?? 0), 0) / (norm(v.values) * qn) }))
        .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
        .slice(0, options.topK);
      return { matches };
    },
    async deleteByIds(ids) {
      for (const id of ids) vectors.delete(id);
      return { mutationId: String(vectors.size) };
    },
    size: () => vectors.size,
    namespaceOf: (id) => vectors.get(id)?.namespace,
  };
}

/** A word's fixed direction: `dims` components from a seeded xorshift over the word's FNV-1a hash. */
function wordDirection(word: string, dims: number): number[] {
  let h = 2166136261;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619) >>> 0;
  const out: number[] = [];
  for (let d = 0; d < dims; d++) {
    h ^= h << 13;
    h ^= h >>> 17;
    h ^= h << 5;
    out.push(((h >>> 0) / 0xffffffff) * 2 - 1);
  }
  return out;
}

/** A deterministic embedding binding; `calls` records the models asked for and the texts embedded. */
export function hashingEmbedder(
  synonyms: Record<string, string> = {},
  dims = 64,
): AiBinding & { calls: { model: string; texts: string[] }[] } {
  const calls: { model: string; texts: string[] }[] = [];
  return {
    calls,
    async run(model, inputs) {
      const texts = (inputs as { text: string[] }).text;
      calls.push({ model, texts });
      const data = texts.map((text) => {
        const sum = new Array<number>(dims).fill(0);
        for (const token of tokenize(text)) {
          const direction = wordDirection(synonyms[token] ?? token, dims);
          for (let d = 0; d < dims; d++) sum[d] = (sum[d] as number) + (direction[d] as number);
        }
        const n = Math.sqrt(sum.reduce((a, x) => a + x * x, 0)) || 1;
        return sum.map((x) => x / n);
      });
      return { shape: [texts.length, dims], data };
    },
  };
}
