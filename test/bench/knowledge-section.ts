/**
 * The knowledge section of `npm run bench`: the retrieval benchmark over a data directory holding `docs.jsonl`
 * and `queries.jsonl` (StackFAQ by default, `../shared/data/knowledge/stackfaq`, or `PARLEY_KNOWLEDGE_DATA`), a
 * fifth of its threads left out of the index as the unanswerable set. Without the data it says so and is skipped.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { knowledgeBenchRows, knowledgeJsonLine, runKnowledgeBench } from './knowledge';
import { reportNote, reportTable } from './report';

/** The data directory the section reads unless told otherwise. */
export const KNOWLEDGE_DATA = process.env.PARLEY_KNOWLEDGE_DATA ?? '../shared/data/knowledge/stackfaq';

/** Run the knowledge benchmark on `dataDir` and add its figures to the page; skipped (with a line) without the data. */
export async function knowledgeSection(dataDir: string = KNOWLEDGE_DATA): Promise<void> {
  const docs = join(dataDir, 'docs.jsonl');
  const queries = join(dataDir, 'queries.jsonl');
  if (!existsSync(docs) || !existsSync(queries)) {
    reportNote(`Skipped: no knowledge data at ${dataDir} (docs.jsonl and queries.jsonl; set PARLEY_KNOWLEDGE_DATA).`);
    return;
  }
  const figures = await runKnowledgeBench({ docs, queries, holdoutThreads: 0.2, seed: 7, passages: 10_000 });
  reportTable(
    `Knowledge retrieval on ${dataDir} (queries split by thread, seed 7; tuned on one half, figures from the other)`,
    ['metric', 'value'],
    knowledgeBenchRows(figures),
    `JSON: ${knowledgeJsonLine(figures)}`,
  );
}
