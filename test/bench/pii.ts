/**
 * `npm run bench:pii -- --cases FILE [--cases FILE]`: span-level precision and recall of the PII detectors on
 * Presidio-style JSONL (`text`, `expected_spans`, `entities`, `is_positive`), per supported type, with unsupported
 * Presidio types listed (never silently dropped), and single-core throughput. Rows shaped `{value, expected_valid}`
 * (the Chinese resident-ID vectors) are scored as classification. Last line: one JSON summary.
 */
import { readFileSync } from 'node:fs';
import { cnIdValid } from '../../worker/guards/pii/checksums';
import { detectPii } from '../../worker/guards/pii/index';
import type { PiiType } from '../../worker/guards/types';
import { printTable } from './measure';

/** Presidio entity names mapped to ours; anything else is reported as unsupported. */
const MAP: Record<string, PiiType> = {
  CREDIT_CARD: 'CARD',
  EMAIL_ADDRESS: 'EMAIL',
  IBAN_CODE: 'IBAN',
  IP_ADDRESS: 'IP',
  PHONE_NUMBER: 'PHONE',
  US_SSN: 'SSN',
  US_PASSPORT: 'PASSPORT',
};

interface Row {
  text?: string;
  expected_spans?: [number, number][];
  expected_count?: number;
  entities?: string[];
  is_positive?: boolean | null;
  value?: string;
  expected_valid?: boolean;
  strict_mode?: string | null;
}

const files = process.argv.flatMap((a, i) => (process.argv[i - 1] === '--cases' ? [a] : []));
if (files.length === 0) {
  console.error('usage: npm run bench:pii -- --cases FILE.jsonl [--cases FILE.jsonl]');
  process.exit(2);
}
const rows: Row[] = files.flatMap((f) =>
  readFileSync(f, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row),
);

const score = new Map<PiiType, { tp: number; fp: number; fn: number; cases: number }>();
const unsupported = new Map<string, number>();
let countOnly = 0;
const texts: string[] = [];
const misses: string[] = [];
for (const r of rows) {
  if (r.text === undefined || !r.entities) continue;
  const types = [...new Set(r.entities.map((e) => MAP[e]))];
  if (types.some((t) => t === undefined)) {
    for (const e of r.entities) if (!MAP[e]) unsupported.set(e, (unsupported.get(e) ?? 0) + 1);
    continue;
  }
  texts.push(r.text);
  const type = types[0] as PiiType;
  const s = score.get(type) ?? { tp: 0, fp: 0, fn: 0, cases: 0 };
  score.set(type, s);
  s.cases++;
  const found = detectPii(r.text, { types: [type] });
  const expected = r.is_positive === false ? [] : (r.expected_spans ?? []);
  if (r.is_positive && expected.length === 0 && r.expected_count) {
    // Presidio rows that assert a count without positions: scored by count.
    countOnly++;
    s.tp += Math.min(found.length, r.expected_count);
    s.fp += Math.max(0, found.length - r.expected_count);
    s.fn += Math.max(0, r.expected_count - found.length);
    continue;
  }
  const key = (a: number, b: number) => `${a}:${b}`;
  const exp = new Set(expected.map(([a, b]) => key(a, b)));
  const got = new Set(found.map((f) => key(f.start, f.end)));
  for (const g of got)
    if (exp.has(g)) s.tp++;
    else {
      s.fp++;
      misses.push(`FP ${type} ${JSON.stringify(r.text.slice(0, 80))} got ${g}`);
    }
  for (const e of exp)
    if (!got.has(e)) {
      s.fn++;
      misses.push(`FN ${type} ${JSON.stringify(r.text.slice(0, 80))} want ${e}`);
    }
}

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

const tableRows: string[][] = [];
let tp = 0;
let fp = 0;
let fn = 0;
for (const [t, s] of [...score].sort()) {
  tp += s.tp;
  fp += s.fp;
  fn += s.fn;
  const p = s.tp + s.fp ? s.tp / (s.tp + s.fp) : 1;
  const rc = s.tp + s.fn ? s.tp / (s.tp + s.fn) : 1;
  tableRows.push([t, String(s.cases), String(s.tp), String(s.fp), String(s.fn), p.toFixed(3), rc.toFixed(3)]);
}
if (tableRows.length) {
  console.log('\nPII detectors, span-level, per supported type');
  printTable(['type', 'cases', 'tp', 'fp', 'fn', 'precision', 'recall'], tableRows);
}
for (const m of misses) console.log(m);
if (countOnly) console.log(`${countOnly} positive rows without positions scored by count`);
if (unsupported.size) console.log(`unsupported Presidio types (rows): ${[...unsupported].map(([k, v]) => `${k}=${v}`).join(', ')}`);
if (idTotal || strictRows.length) {
  console.log(`Chinese resident IDs: ${idRight}/${idTotal} classified correctly${idWrong.length ? ` (wrong: ${idWrong.join(', ')})` : ''}`);
  if (strictRows.length) {
    console.log(
      `  strict mode (birth date before the county code existed): ${strictRight}/${strictRows.length} — our validator is non-strict`,
    );
    for (const l of strictRows) console.log(`    ${l}`);
  }
}

// Throughput on one core, in CPU time (the machine is shared). The headline figure is the case texts themselves
// as one dense document (nearly every token is PII); the chat-like mix, where the same texts are spread through
// prose (~1 value per 500 B), is printed beside it.
const corpus = texts.length ? texts : rows.map((r) => r.value ?? '');
const PROSE =
  'Thanks for reaching out about your order. Our team checked the warehouse records and the parcel left yesterday; ' +
  'it should arrive within two business days. If anything looks wrong, reply here and we will sort it out quickly. ';
const dense = corpus.join('\n');
const mix = corpus.map((t) => `${PROSE}${t}\n`).join('');
function throughput(doc: string): number {
  const bytes = Buffer.byteLength(doc);
  const warm = performance.now();
  while (performance.now() - warm < 300) detectPii(doc);
  let done = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  while (performance.now() - t0 < 2000) {
    detectPii(doc);
    done += bytes;
  }
  const c = process.cpuUsage(c0);
  return done / 1e6 / ((c.user + c.system) / 1e6);
}
const mbDense = throughput(dense);
const mbMix = throughput(mix);
console.log(`throughput (MB per CPU-second, one thread): dense case texts ${mbDense.toFixed(1)} MB/s; chat mix ${mbMix.toFixed(1)} MB/s`);
const summary: Record<string, unknown> = {
  precision: Number((tp + fp ? tp / (tp + fp) : 1).toFixed(4)),
  recall: Number((tp + fn ? tp / (tp + fn) : 1).toFixed(4)),
  mb_per_s: Number(mbDense.toFixed(1)),
  mb_per_s_chat: Number(mbMix.toFixed(1)),
  unsupported: [...unsupported.keys()].sort(),
};
if (idTotal) summary.cn_id_correct = `${idRight}/${idTotal}`;
if (strictRows.length) summary.cn_id_strict_correct = `${strictRight}/${strictRows.length}`;
console.log(JSON.stringify(summary));
