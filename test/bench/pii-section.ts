/**
 * The PII section of `npm run bench`: span-level precision and recall per type on the seeded generated set and,
 * when the shared data is present, on Presidio's test cases (as labelled, with their contradictory rows listed and
 * the best any detector could score on them, and without those rows); then throughput beside a floor.
 * `PII_CASES=FILE` points at the Presidio JSONL; by default `../shared/data/pii/presidio/presidio_test_cases.jsonl`.
 */
import { existsSync } from 'node:fs';
import { generatePiiCases } from './pii-gen';
import {
  consistentRows,
  contestedSpans,
  oracleScores,
  readPresidio,
  scoreGenerated,
  scorePresidio,
  TABLE_HEADER,
  tableRows,
} from './pii-score';
import { piiThroughputFresh, THROUGHPUT_HEADER, throughputRows } from './pii-speed';
import { reportNote, reportTable } from './report';

export const PII_SEED = 20261204;
export const PII_SIZE = 4000;
const DEFAULT_CASES = '../shared/data/pii/presidio/presidio_test_cases.jsonl';

/** Print and report the PII detectors' accuracy on both sets and their throughput. */
export function benchPii(): void {
  const generated = generatePiiCases(PII_SEED, PII_SIZE);
  const file = process.env.PII_CASES ?? DEFAULT_CASES;
  const rows = existsSync(file) ? readPresidio(file) : [];
  // Throughput in a process of its own (see `piiThroughputFresh`), beside the floor measured there too.
  const speed = piiThroughputFresh(PII_SEED, PII_SIZE, rows.length ? file : undefined);
  const table = tableRows(`generated (seed ${PII_SEED}, ${PII_SIZE} cases)`, scoreGenerated(generated).scores);
  if (rows.length) {
    table.push(...tableRows('Presidio test cases, as labelled', scorePresidio(rows).scores));
    table.push(...tableRows('Presidio, contradictory rows set apart', scorePresidio(consistentRows(rows)).scores));
  }
  reportTable('PII detectors, span-level precision and recall per type', TABLE_HEADER, table);
  if (!rows.length) reportNote(`Presidio test cases not found at ${file} (set PII_CASES=FILE): generated set only.`);
  else {
    const contested = contestedSpans(rows);
    reportTable(
      'Presidio rows that label the same text both ways (the same shape is a phone at one leniency and not at another)',
      ['type', 'text', 'span', 'labelled by', 'left out by'],
      contested.map((c) => [c.type, JSON.stringify(c.text), `${c.span[0]}:${c.span[1]}`, c.yes.join('; '), c.no.join('; ')]),
    );
    const { inclusive, unanimous } = oracleScores(rows);
    const types = [...new Set(contested.map((c) => c.type))];
    reportTable('The best any detector can score on those types: oracles answering from the labels themselves', TABLE_HEADER, [
      ...tableRows('oracle: every span some row labels', inclusive.scores).filter((r) => types.includes(r[1] as never)),
      ...tableRows('oracle: only spans every row labels', unanimous.scores).filter((r) => types.includes(r[1] as never)),
    ]);
  }
  reportTable('PII scan throughput, one thread, MB per CPU-second (median of 25 ms batches)', THROUGHPUT_HEADER, throughputRows(speed));
}
