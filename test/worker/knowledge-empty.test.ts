/**
 * A site with nothing indexed costs its turns no D1 read for a few seconds after one found it empty, and
 * knowledge added (or removed) in this isolate is retrieved on the very next turn.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { deleteDocument, ingest, retrieve } from '../../worker/knowledge';
import type { KnowledgeDb } from '../../worker/knowledge/db';

/** The real D1 binding, with the statements it prepares counted. */
function countedDb(): { db: KnowledgeDb; prepared: () => number } {
  let prepared = 0;
  const db: KnowledgeDb = {
    prepare: (query) => {
      prepared++;
      return env.DB.prepare(query);
    },
    batch: (statements) => env.DB.batch(statements as D1PreparedStatement[]),
  };
  return { db, prepared: () => prepared };
}

const ARTICLE = {
  id: 'shipping',
  title: 'Shipping times',
  format: 'text' as const,
  body: 'Orders ship from our warehouse in two working days.',
};

describe('retrieval for a site with nothing indexed', () => {
  it('reads the site once, then answers empty without D1 until knowledge is added, which the next read finds', async () => {
    const { db, prepared } = countedDb();
    const first = await retrieve(db, 'empty-site', 'when do orders ship', { k: 4 });
    expect(first).toEqual({ passages: [], version: 0, best: 0 });
    const afterFirst = prepared();
    expect(afterFirst).toBeGreaterThan(0);
    expect(await retrieve(db, 'empty-site', 'warehouse days', { k: 4 })).toEqual({ passages: [], version: 0, best: 0 });
    expect(prepared()).toBe(afterFirst);

    await ingest(env.DB, 'empty-site', [ARTICLE]);
    const found = await retrieve(db, 'empty-site', 'when do orders ship', { k: 4 });
    expect(found.passages.map((p) => p.docId)).toEqual(['shipping']);
    expect(found.version).toBeGreaterThan(0);

    expect(await deleteDocument(env.DB, 'empty-site', 'shipping')).toBe(true);
    const gone = await retrieve(db, 'empty-site', 'when do orders ship', { k: 4 });
    expect(gone.passages).toEqual([]);
    expect(gone.version).toBeGreaterThan(found.version);
  });
});
