/**
 * The turn's knowledge stage asks the site's knowledge a second time, with the visitor's previous message,
 * only when that can find something: not for a site that has never indexed knowledge (version 0).
 */
import { describe, expect, it } from 'vitest';
import type { RetrievalResult } from '../../shared/knowledge';
import { knowledgeStage } from '../../worker/pipeline/turn/knowledge';
import type { TurnInput, TurnPorts } from '../../worker/pipeline/turn/types';
import { DEMO_SITE } from '../../worker/seed/demo-site';

const passage = { docId: 'd1', title: 'Parcels', heading: '', text: 'Parcels leave within a day.', score: 0.9, n: 1 };

function stage(results: RetrievalResult[]) {
  const queries: string[] = [];
  const ports = {
    knowledge: {
      retrieve: async (_site: string, query: string) => {
        queries.push(query);
        return results[queries.length - 1] ?? { passages: [], version: 0, best: 0 };
      },
    },
  } as unknown as TurnPorts;
  const input = { site: { ...DEMO_SITE, faq: [], assistant: { strictness: 'balanced' } } } as unknown as TurnInput;
  const history = [{ role: 'user' as const, content: 'where is my parcel' }];
  return { queries, run: () => knowledgeStage(input, ports, { text: 'and now?', history }) };
}

describe('knowledge stage: the second retrieval', () => {
  it('is not made for a site that has never indexed knowledge', async () => {
    const s = stage([{ passages: [], version: 0, best: 0 }]);
    expect((await s.run())?.sources).toEqual([]);
    expect(s.queries).toEqual(['and now?']);
  });

  it('is made, with the previous message, when indexed knowledge did not answer the message alone', async () => {
    const s = stage([
      { passages: [], version: 3, best: 0 },
      { passages: [passage], version: 3, best: 0.9 },
    ]);
    expect((await s.run())?.sources.map((x) => x.title)).toEqual(['Parcels']);
    expect(s.queries).toEqual(['and now?', 'where is my parcel\nand now?']);
  });
});
