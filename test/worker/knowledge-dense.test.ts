import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { deleteDocument, denseIndexFor, ingest, retrieve } from '../../worker/knowledge';
import { DEFAULT_EMBEDDING_MODEL, type DenseIndex, vectorizeDenseIndex } from '../../worker/knowledge/dense';
import { hashingEmbedder, memoryVectorStore } from '../../worker/knowledge/dense-memory';

const DOCS = [
  { id: 'refunds', title: 'Refunds', format: 'text' as const, body: 'Refunds go back to the original card within five business days.' },
  { id: 'shipping', title: 'Shipping times', format: 'text' as const, body: 'Orders ship from our warehouse in two working days.' },
  { id: 'gifts', title: 'Gift cards', format: 'text' as const, body: 'Gift cards never expire and work on every order.' },
];

/** The fake bindings behind the real adapter: "reimbursement" means "refund" to this embedding model only. */
function fakeDense() {
  const store = memoryVectorStore();
  const ai = hashingEmbedder({ reimbursement: 'refund' });
  return { store, ai, dense: vectorizeDenseIndex(store, ai) };
}

describe('dense retrieval (Vectorize + Workers AI port, with a faithful in-memory fake)', () => {
  it('is off unless both bindings are present', () => {
    const { store, ai } = fakeDense();
    expect(denseIndexFor({})).toBeUndefined();
    expect(denseIndexFor({ AI: ai })).toBeUndefined();
    expect(denseIndexFor({ KNOWLEDGE_VECTORS: store })).toBeUndefined();
    expect(denseIndexFor({ KNOWLEDGE_VECTORS: store, AI: ai })).toBeDefined();
  });

  it('embeds every passage at ingest in the site namespace, and finds by meaning what BM25 cannot', async () => {
    const { store, ai, dense } = fakeDense();
    const result = await ingest(env.DB, 'kb-dense', DOCS, { dense });
    expect(store.size()).toBe(result.passages);
    expect(ai.calls.every((c) => c.model === DEFAULT_EMBEDDING_MODEL)).toBe(true);

    const onlyMeaning = await retrieve(env.DB, 'kb-dense', 'reimbursement', { k: 3 });
    expect(onlyMeaning.passages).toEqual([]);
    const found = await retrieve(env.DB, 'kb-dense', 'reimbursement', { k: 3, dense });
    expect(found.passages[0]?.docId).toBe('refunds');
    // The floor reads lexical evidence: a passage found by meaning alone does not make a strict answer.
    expect(found.best).toBeLessThan(0.5);
  });

  it('keeps the vectors in step with edits and deletions, and one site never sees another', async () => {
    const { store, dense } = fakeDense();
    await ingest(env.DB, 'kb-dense-edit', DOCS, { dense });
    await ingest(env.DB, 'kb-dense-other', [DOCS[0] as (typeof DOCS)[number]], { dense });
    // Every stored vector is a live passage of its site, and every live passage has one.
    const inStep = async () => {
      const rows = await env.DB.prepare("SELECT id, site FROM knowledge_passages WHERE site LIKE 'kb-dense-%' AND flagged = 0").all<{
        id: number;
        site: string;
      }>();
      expect(store.size()).toBe(rows.results.length);
      for (const row of rows.results) expect(store.namespaceOf(String(row.id))).toBe(row.site);
    };
    await inStep();
    const edited = { ...(DOCS[1] as (typeof DOCS)[number]), body: 'Orders ship in one day. Parcels are tracked.' };
    await ingest(env.DB, 'kb-dense-edit', [edited], { dense });
    await inStep();
    expect(await deleteDocument(env.DB, 'kb-dense-edit', 'refunds', dense)).toBe(true);
    await inStep();
    const other = await retrieve(env.DB, 'kb-dense-edit', 'reimbursement', { k: 5, dense });
    expect(other.passages.map((p) => p.docId)).not.toContain('refunds');
    expect((await retrieve(env.DB, 'kb-dense-other', 'reimbursement', { k: 5, dense })).passages.map((p) => p.docId)).toEqual(['refunds']);
  });

  it('falls back to BM25 alone when the dense index fails', async () => {
    await ingest(env.DB, 'kbd-down', DOCS);
    const down: DenseIndex = {
      upsert: async () => {},
      remove: async () => {},
      query: async () => {
        throw new Error('vectorize unavailable');
      },
    };
    const plain = await retrieve(env.DB, 'kbd-down', 'gift cards expire', { k: 3 });
    const withDown = await retrieve(env.DB, 'kbd-down', 'gift cards expire', { k: 3, dense: down });
    expect(withDown).toEqual(plain);
    expect(plain.passages[0]?.docId).toBe('gifts');
  });
});
