/**
 * `npm run bench:pii -- [--cases FILE] [--seed N] [--size N] [--misses]`: span-level precision and recall of the PII
 * detectors per supported type on two sets: the seeded faker set of `pii-gen.ts` (always; default seed 20261204,
 * 4,000 cases) and Presidio-style JSONL (`text`, `expected_spans`, `entities`, `is_positive`) when given, with
 * unsupported Presidio types listed (never silently dropped); then single-core throughput. Rows shaped
 * `{value, expected_valid}` (the Chinese resident-ID vectors) are scored as classification. Last line: one JSON
 * summary.
 */
import { cnIdValid } from '../../worker/guards/pii/checksums';
import { detectPii } from '../../worker/guards/pii/index';
import { printTable } from './measure';
import { generatePiiCases } from './pii-gen';
import {
  consistentRows,
  contestedSpans,
  oracleScores,
  PRESIDIO_TYPES,
  type PresidioRow,
  readPresidio,
  scoreGenerated,
  scorePresidio,
  TABLE_HEADER,
  type TypeScore,
  tableRows,
} from './pii-score';
import { PROSE, piiThroughput, THROUGHPUT_HEADER, throughputRows } from './pii-speed';

const arg = (name: string) => process.argv.flatMap((a, i) => (process.argv[i - 1] === name ? [a] : []));
const files = arg('--cases');
const seed = Number(arg('--seed')[0] ?? 20261204);
const size = Number(arg('--size')[0] ?? 4000);
const showMisses = process.argv.includes('--misses');
const rows: PresidioRow[] = files.flatMap((f) => readPresidio(f));

const generated = generatePiiCases(seed, size);
const texts = rows.flatMap((r) => (r.text !== undefined && r.entities?.every((e) => e in PRESIDIO_TYPES) ? [r.text] : []));
// Throughput on one core, in CPU time (the machine is shared), beside the `/\d+/g` floor on the same text. The
// headline figures are case texts as one dense document (nearly every token is PII or a hard negative); the
// chat-like mix, where the same texts are spread through prose (~1 value per 500 B), beside them. Measured
// before scoring, which calls the detectors one type at a time and leaves their call sites' type feedback mixed.
const genTexts = generated.map((c) => c.text);
const speed = piiThroughput(
  [
    ['dense Presidio case texts', texts.join('\n')],
    ['dense generated case texts', genTexts.join('\n')],
    ['chat mix', (texts.length ? texts : genTexts).map((t) => `${PROSE}${t}\n`).join('')],
  ].filter(([, doc]) => doc !== '') as [string, string][],
);
const gen = scoreGenerated(generated);
const presidio = scorePresidio(rows);
const { unsupported, countOnly } = presidio;
const contested = contestedSpans(rows);
const oracles = oracleScores(rows);
const table = [
  ...tableRows(`generated (seed ${seed}, ${size})`, gen.scores),
  ...(rows.length ? tableRows('Presidio test cases', presidio.scores) : []),
  ...(contested.length ? tableRows('Presidio, contradictory rows apart', scorePresidio(consistentRows(rows)).scores) : []),
  ...(contested.length ? tableRows('oracle: all labelled spans', oracles.inclusive.scores) : []),
  ...(contested.length ? tableRows('oracle: unanimous spans', oracles.unanimous.scores) : []),
];
console.log('\nPII detectors, span-level, per supported type');
printTable(TABLE_HEADER, table);
for (const c of contested)
  console.log(
    `contradictory: ${c.type} ${c.span.join(':')} of ${JSON.stringify(c.text)}: labelled by ${c.yes.join('; ')}, left out by ${c.no.join('; ')}`,
  );
if (showMisses) for (const m of [...gen.misses, ...presidio.misses]) console.log(m);
else console.log(`${gen.misses.length + presidio.misses.length} misses (--misses lists them)`);
if (countOnly) console.log(`${countOnly} positive rows without positions scored by count`);
if (unsupported.size) console.log(`unsupported Presidio types (rows): ${[...unsupported].map(([k, v]) => `${k}=${v}`).join(', ')}`);

// Chinese resident ID vectors: classification, in running text too. Strict-mode rows expect a code to be
// rejected when the birth date precedes the county code's creation (dated GB/T 2260 history), which we do not
// ship: they are scored on their own line, never folded into the non-strict figure.
let idRight = 0;
let idTotal = 0;
const idWrong: string[] = [];
let strictRight = 0;
const strictRows: string[] = [];
for (const r of rows) {
  if (r.value === undefined || r.expected_valid === undefined) continue;
  const inText = detectPii(`我的身份证号是${r.value}，谢谢`, { types: ['CN_ID'] }).length === 1;
  const right = cnIdValid(r.value) === r.expected_valid && inText === r.expected_valid;
  if (r.strict_mode === 'true') {
    if (right) strictRight++;
    strictRows.push(`${r.value} expected ${r.expected_valid ? 'valid' : 'invalid'}, got ${inText ? 'valid' : 'invalid'}`);
    continue;
  }
  idTotal++;
  if (right) idRight++;
  else idWrong.push(r.value);
}
if (idTotal || strictRows.length) {
  console.log(`Chinese resident IDs: ${idRight}/${idTotal} classified correctly${idWrong.length ? ` (wrong: ${idWrong.join(', ')})` : ''}`);
  if (strictRows.length) {
    console.log(
      `  strict mode (birth date before the county code existed): ${strictRight}/${strictRows.length} — our validator is non-strict`,
    );
    for (const l of strictRows) console.log(`    ${l}`);
  }
}

console.log('\nthroughput');
printTable(THROUGHPUT_HEADER, throughputRows(speed));
const rate = (name: string) => speed.find((t) => t.name.startsWith(name));
const mbDense = rate(texts.length ? 'dense Presidio' : 'dense generated')?.mbPerS ?? 0;
const mbGen = rate('dense generated')?.mbPerS ?? 0;
const mbMix = rate('chat mix')?.mbPerS ?? 0;
const total = (scores: Map<string, TypeScore>) => {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const s of scores.values()) {
    tp += s.tp;
    fp += s.fp;
    fn += s.fn;
  }
  return { precision: Number((tp + fp ? tp / (tp + fp) : 1).toFixed(4)), recall: Number((tp + fn ? tp / (tp + fn) : 1).toFixed(4)) };
};
const summary: Record<string, unknown> = {
  generated: { seed, size, ...total(gen.scores) },
  ...(rows.length ? { presidio: total(presidio.scores) } : {}),
  mb_per_s: Number(mbDense.toFixed(1)),
  mb_per_s_generated: Number(mbGen.toFixed(1)),
  mb_per_s_chat: Number(mbMix.toFixed(1)),
  floor_ratio: Object.fromEntries(speed.map((t) => [t.name, Number((t.mbPerS / t.floorMbPerS).toFixed(3))])),
  contradictory_spans: contested.length,
  unsupported: [...unsupported.keys()].sort(),
};
if (idTotal) summary.cn_id_correct = `${idRight}/${idTotal}`;
if (strictRows.length) summary.cn_id_strict_correct = `${strictRight}/${strictRows.length}`;
console.log(JSON.stringify(summary));
