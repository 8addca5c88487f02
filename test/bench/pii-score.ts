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
  test_function?: string;
  params?: Record<string, unknown>;
}

/** What a scored detector returns for one text and type: `[start, end)` spans. */
export type SpanDetector = (text: string, type: PiiType) => readonly { start: number; end: number }[];

const detectType: SpanDetector = (text, type) => detectPii(text, { types: [type] });

export interface Scored {
  scores: Map<PiiType, TypeScore>;
  misses: string[];
}

const bump = (m: Map<PiiType, TypeScore>, t: PiiType) => {
  const s = m.get(t) ?? { cases: 0, tp: 0, fp: 0, fn: 0 };
  m.set(t, s);
  return s;
};

/**
 * Presidio rows, each scored on its one entity type; rows with unsupported entities are counted apart. `detect`
 * is the detectors by default; the oracles of `contestedSpans` are scored through it too.
 */
export function scorePresidio(
  rows: readonly PresidioRow[],
  detect: SpanDetector = detectType,
): Scored & { unsupported: Map<string, number>; countOnly: number } {
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
    const found = detect(r.text, type);
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

/** A span that some rows of one text label as personal data and other rows of the same text do not. */
export interface ContestedSpan {
  type: PiiType;
  text: string;
  span: [number, number];
  /** Rows labelling it, and rows of the same text and type leaving it out, each as `test_function (params)`. */
  yes: string[];
  no: string[];
}

const typeOf = (r: PresidioRow): PiiType | undefined => {
  const types = [...new Set((r.entities ?? []).map((e) => PRESIDIO_TYPES[e]))];
  return types.length === 1 ? types[0] : undefined;
};
const expectedOf = (r: PresidioRow) => (r.is_positive === false ? [] : (r.expected_spans ?? []));
const rowName = (r: PresidioRow) => {
  const p = r.params ?? {};
  const extra = Object.keys(p).filter(
    (k) => !['text', 'expected_len', 'entities', 'expected_positions', 'score', 'expected_textual_explanations'].includes(k),
  );
  return `${r.test_function ?? 'row'}${extra.length ? ` (${extra.map((k) => `${k}=${JSON.stringify(p[k])}`).join(', ')})` : ''}`;
};

/**
 * Contradictory labels: the same text and type scored by several rows whose expected spans differ. Whatever a
 * detector answers for such a span, one side counts it wrong, so these bound what any detector can score.
 */
export function contestedSpans(rows: readonly PresidioRow[]): ContestedSpan[] {
  const groups = new Map<string, PresidioRow[]>();
  for (const r of rows) {
    const type = typeOf(r);
    if (r.text === undefined || !type || (r.is_positive && !r.expected_spans?.length)) continue;
    const key = `${type}\u0000${r.text}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const out: ContestedSpan[] = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const spans = new Map<string, [number, number]>();
    for (const r of group) for (const [a, b] of expectedOf(r)) spans.set(`${a}:${b}`, [a, b]);
    for (const [key, span] of spans) {
      const has = (r: PresidioRow) => expectedOf(r).some(([a, b]) => `${a}:${b}` === key);
      const yes = group.filter(has);
      const no = group.filter((r) => !has(r));
      if (yes.length && no.length)
        out.push({
          type: typeOf(group[0] as PresidioRow) as PiiType,
          text: group[0]?.text ?? '',
          span,
          yes: yes.map(rowName),
          no: no.map(rowName),
        });
    }
  }
  return out;
}

/**
 * The best any detector can score on rows with contested spans, as two oracles that answer every row from the
 * labels themselves: `inclusive` finds every span some row of its text labels (no miss, every contested span a
 * false alarm somewhere), `unanimous` only the spans every row of its text labels (no false alarm, every
 * contested span a miss somewhere).
 */
export function oracleScores(rows: readonly PresidioRow[]): { inclusive: Scored; unanimous: Scored } {
  const labels = new Map<string, [number, number][][]>();
  for (const r of rows) {
    const type = typeOf(r);
    if (r.text === undefined || !type) continue;
    const key = `${type}\u0000${r.text}`;
    labels.set(key, [...(labels.get(key) ?? []), expectedOf(r)]);
  }
  const oracle =
    (all: boolean): SpanDetector =>
    (text, type) => {
      const sets = labels.get(`${type}\u0000${text}`) ?? [];
      const union = new Map<string, { start: number; end: number }>();
      for (const set of sets) for (const [start, end] of set) union.set(`${start}:${end}`, { start, end });
      return [...union.values()].filter((s) => !all || sets.every((set) => set.some(([a, b]) => a === s.start && b === s.end)));
    };
  return { inclusive: scorePresidio(rows, oracle(false)), unanimous: scorePresidio(rows, oracle(true)) };
}

/** Rows whose text and type no other row labels differently: the shared cases with the contradictions set apart. */
export function consistentRows(rows: readonly PresidioRow[]): PresidioRow[] {
  const contested = new Set(contestedSpans(rows).map((c) => `${c.type}\u0000${c.text}`));
  return rows.filter((r) => {
    const type = typeOf(r);
    return !(r.text !== undefined && type && contested.has(`${type}\u0000${r.text}`));
  });
}
