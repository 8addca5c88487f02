/**
 * Span-level scoring of the PII detectors, per type, on the two sets the PII bench reports: Presidio's own test
 * cases (JSONL, path given) and the seeded faker set of `pii-gen.ts`. `piiAccuracyRows` returns the table rows
 * (for `docs/benchmarks.md`); `pii.ts` prints them.
 */
import { readFileSync } from 'node:fs';
import { detectPii, regionsFor } from '../../worker/guards/pii/index';
import type { Finding, PiiType } from '../../worker/guards/types';
import { type GenCase, generatePiiCases } from './pii-gen';

export interface TypeScore {
  cases: number;
  tp: number;
  fp: number;
  fn: number;
}

/** Presidio entity names mapped to ours; anything else is reported as unsupported. */
export const PRESIDIO_TYPES: Record<string, PiiType> = {
  CREDIT_CARD: 'CARD',
  EMAIL_ADDRESS: 'EMAIL',
  IBAN_CODE: 'IBAN',
  IP_ADDRESS: 'IP',
  PHONE_NUMBER: 'PHONE',
  US_SSN: 'SSN',
  US_PASSPORT: 'PASSPORT',
};

export interface PresidioRow {
  text?: string;
  expected_spans?: [number, number][];
  expected_count?: number;
  entities?: string[];
  is_positive?: boolean | null;
  value?: string;
  expected_valid?: boolean;
  strict_mode?: string | null;
}

export interface Scored {
  scores: Map<PiiType, TypeScore>;
  misses: string[];
}

const bump = (m: Map<PiiType, TypeScore>, t: PiiType) => {
  const s = m.get(t) ?? { cases: 0, tp: 0, fp: 0, fn: 0 };
  m.set(t, s);
  return s;
};

/** Presidio rows, each scored on its one entity type; rows with unsupported entities are counted apart. */
export function scorePresidio(rows: readonly PresidioRow[]): Scored & { unsupported: Map<string, number>; countOnly: number } {
  const scores = new Map<PiiType, TypeScore>();
  const unsupported = new Map<string, number>();
  const misses: string[] = [];
  let countOnly = 0;
  for (const r of rows) {
    if (r.text === undefined || !r.entities) continue;
    const types = [...new Set(r.entities.map((e) => PRESIDIO_TYPES[e]))];
    if (types.some((t) => t === undefined)) {
      for (const e of r.entities) if (!PRESIDIO_TYPES[e]) unsupported.set(e, (unsupported.get(e) ?? 0) + 1);
      continue;
    }
    const type = types[0] as PiiType;
    const s = bump(scores, type);
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
    compare(
      s,
      expected.map(([a, b]) => `${a}:${b}`),
      found.map((f) => `${f.start}:${f.end}`),
      (what) => misses.push(`${what} ${type} ${JSON.stringify(r.text?.slice(0, 80))}`),
    );
  }
  return { scores, misses, unsupported, countOnly };
}

function compare(s: TypeScore, expected: readonly string[], got: readonly string[], miss: (what: string) => void): void {
  const exp = new Set(expected);
  const have = new Set(got);
  for (const g of have)
    if (exp.has(g)) s.tp++;
    else {
      s.fp++;
      miss(`FP ${g}`);
    }
  for (const e of exp)
    if (!have.has(e)) {
      s.fn++;
      miss(`FN ${e}`);
    }
}

/**
 * Generated cases, every detector at once as in production (overlaps resolved), phones read in the regions of
 * the case's locale. A finding of a type where none was put is a false alarm of that type.
 */
export function scoreGenerated(cases: readonly GenCase[]): Scored {
  const scores = new Map<PiiType, TypeScore>();
  const misses: string[] = [];
  for (const c of cases) {
    const found = detectPii(c.text, { regions: regionsFor([c.locale]) });
    const types = new Set<PiiType>([...c.spans.map((s) => s.type), ...found.map((f) => f.type)]);
    for (const t of types) {
      const s = bump(scores, t);
      if (c.spans.some((x) => x.type === t)) s.cases++;
      const key = (x: { start: number; end: number }) => `${x.start}:${x.end}`;
      compare(s, c.spans.filter((x) => x.type === t).map(key), found.filter((f: Finding) => f.type === t).map(key), (what) =>
        misses.push(`${what} ${t} [${c.locale} ${c.template}] ${JSON.stringify(c.text)}`),
      );
    }
  }
  return { scores, misses };
}

/** Rows `[set, type, cases, tp, fp, fn, precision, recall]`, types in name order. */
export function tableRows(set: string, scores: Map<PiiType, TypeScore>): string[][] {
  return [...scores]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([t, s]) => {
      const p = s.tp + s.fp ? s.tp / (s.tp + s.fp) : 1;
      const r = s.tp + s.fn ? s.tp / (s.tp + s.fn) : 1;
      return [set, t, String(s.cases), String(s.tp), String(s.fp), String(s.fn), p.toFixed(3), r.toFixed(3)];
    });
}

export const TABLE_HEADER = ['set', 'type', 'cases', 'tp', 'fp', 'fn', 'precision', 'recall'];

/** Read a Presidio-style JSONL file. */
export function readPresidio(file: string): PresidioRow[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as PresidioRow);
}

/**
 * The per-type table of both sets (rows as `TABLE_HEADER`): the generated set of `size` cases from `seed`, and
 * Presidio's cases when their file is given.
 */
export function piiAccuracyRows(opts: { seed: number; size: number; presidioFile?: string }): string[][] {
  const rows = tableRows(
    `generated (seed ${opts.seed}, ${opts.size} cases)`,
    scoreGenerated(generatePiiCases(opts.seed, opts.size)).scores,
  );
  if (opts.presidioFile) rows.push(...tableRows('Presidio test cases', scorePresidio(readPresidio(opts.presidioFile)).scores));
  return rows;
}
