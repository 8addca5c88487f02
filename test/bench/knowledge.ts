/**
 * `npm run bench:knowledge -- --docs FILE --queries FILE [--unanswerable FILE] [--holdout-threads 0.2] [--seed 7]`:
 * ingests JSONL `{id,title,text}` documents through the Worker's own chunking and indexing code into local D1 in
 * workerd (Miniflare), asks JSONL `{id,text,relevant:[ids]}` queries through the same `retrieve` the turn uses,
 * and prints recall@1/5, hit@1/5, nDCG@10 (a document scores by its best passage), latency and ingest rate beside
 * a plain in-memory BM25 (k1 0.9, b 0.4, lower-case words, document = title + text) over the same files.
 *
 * Honest tuning: queries split by thread (seeded) into a tuning half and a reporting half; the field weights and
 * the strict-mode floor are chosen on the tuning half and every headline figure is read on the reporting half.
 * `--holdout-threads F` leaves a seeded share of threads out of the index: their queries become unanswerable ones
 * (with `--unanswerable FILE`'s). Latency is measured after adding seeded synthetic distractor documents (each
 * mixing three real documents' words) until the site holds `--passages N` (10,000) passages.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import { mulberry32 } from '../../shared/random';
import { applyMigrations, type MigratableDb } from '../../worker/dev/migrate';
import type { IngestResult } from '../../worker/knowledge/ingest';
import { type Evidence, RELEVANCE_MODEL, type RelevanceModel } from '../../worker/knowledge/relevance';
import { DEFAULT_WEIGHTS, type FieldWeights } from '../../worker/knowledge/retrieve';
import { DEFAULT_FLOOR } from '../../worker/knowledge/score';
import { tokenize } from '../../worker/knowledge/tokens';
import { atFloor, chooseFloor, describeModel, type FloorSample, fitRelevance, floorRates } from './knowledge-floor';
import { percentile, printTable } from './measure';

/** The floor is set where this share of the tuning half's answerable questions gets through (the goal is 90 %). */
const FLOOR_ANSWER_RATE = 0.91;

interface Doc {
  id: string;
  title: string;
  text: string;
}
interface Query {
  id: string;
  text: string;
  relevant: string[];
}
export interface KnowledgeFigures {
  recall_at_1: number;
  recall_at_5: number;
  hit_at_1: number;
  hit_at_5: number;
  ndcg_at_10: number;
  p50_ms: number;
  p99_ms: number;
  /** CPU time of the workerd processes (JS and D1's SQLite) per query, from /proc; wall time is the machine's load too. */
  cpu_ms_per_query: number;
  ingest_docs_per_s: number;
  bm25_ndcg_at_10: number;
  decline_rate?: number;
  answer_rate?: number;
}
type Quality = Pick<KnowledgeFigures, 'recall_at_1' | 'recall_at_5' | 'hit_at_1' | 'hit_at_5' | 'ndcg_at_10'>;

const SITE = 'bench';

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

/** A thread is a document id up to its last `-` (StackFAQ: `t012-a3` → `t012`); a query's is its first relevant. */
function threadOf(id: string): string {
  const cut = id.lastIndexOf('-');
  return cut > 0 ? id.slice(0, cut) : id;
}

/** A seeded coin per key, stable across runs and independent of file order. */
function coin(seed: number, key: string): number {
  let h = seed >>> 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x9e3779b1) >>> 0;
  return mulberry32(h)();
}

/** CPU milliseconds used so far by this process's workerd children (utime + stime in /proc; 0 where there is none). */
function workerdCpuMs(): number {
  let total = 0;
  try {
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (!stat.includes('(workerd)') || Number(fields[1]) !== process.pid) continue;
        total += ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
      } catch {
        // the process ended while being read
      }
    }
  } catch {
    // no /proc: not Linux
  }
  return total;
}

/** Linux's USER_HZ (the unit of utime and stime in /proc/PID/stat). */
const CLOCK_TICKS = 100;

/** Binary-gain metrics of one ranking of document ids. */
function quality(ranked: string[], relevant: string[]): Quality {
  const rel = new Set(relevant);
  const inTop = (k: number) => ranked.slice(0, k).filter((d) => rel.has(d)).length;
  let dcg = 0;
  for (const [i, d] of ranked.slice(0, 10).entries()) if (rel.has(d)) dcg += 1 / Math.log2(i + 2);
  let ideal = 0;
  for (let i = 0; i < Math.min(10, rel.size); i++) ideal += 1 / Math.log2(i + 2);
  return {
    recall_at_1: inTop(1) / rel.size,
    recall_at_5: inTop(5) / rel.size,
    hit_at_1: inTop(1) > 0 ? 1 : 0,
    hit_at_5: inTop(5) > 0 ? 1 : 0,
    ndcg_at_10: ideal > 0 ? dcg / ideal : 0,
  };
}

function mean(rows: Quality[]): Quality {
  const sum = (f: keyof Quality) => rows.reduce((a, r) => a + r[f], 0) / Math.max(1, rows.length);
  return {
    recall_at_1: sum('recall_at_1'),
    recall_at_5: sum('recall_at_5'),
    hit_at_1: sum('hit_at_1'),
    hit_at_5: sum('hit_at_5'),
    ndcg_at_10: sum('ndcg_at_10'),
  };
}

const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/** The plain in-memory BM25 the figures are compared with: Lucene's idf, k1 0.9, b 0.4, over title + text. */
export function bm25Ranker(docs: Doc[], tokens: (text: string) => string[] = words): (query: string) => string[] {
  const k1 = 0.9;
  const b = 0.4;
  const bags = docs.map((d) => {
    const bag = new Map<string, number>();
    const list = tokens(`${d.title} ${d.text}`);
    for (const t of list) bag.set(t, (bag.get(t) ?? 0) + 1);
    return { id: d.id, bag, length: list.length };
  });
  const avg = bags.reduce((a, d) => a + d.length, 0) / Math.max(1, bags.length);
  const df = new Map<string, number>();
  for (const d of bags) for (const t of d.bag.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const idf = (t: string) => Math.log(1 + (bags.length - (df.get(t) ?? 0) + 0.5) / ((df.get(t) ?? 0) + 0.5));
  return (query) => {
    const terms = [...new Set(tokens(query))];
    const scored = bags.map((d) => {
      let s = 0;
      for (const t of terms) {
        const tf = d.bag.get(t) ?? 0;
        if (tf) s += (idf(t) * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * d.length) / avg));
      }
      return { id: d.id, s };
    });
    return scored
      .filter((x) => x.s > 0)
      .sort((x, y) => y.s - x.s || (x.id < y.id ? -1 : 1))
      .map((x) => x.id);
  };
}

/**
 * What the bench Worker answers per query: the documents in best-passage order, the candidates' evidence (when
 * asked for it), and the time retrieve() took in workerd (when not).
 */
interface Answer {
  docs: string[];
  evidence: Evidence[];
  ms: number;
}

/**
 * The bench Worker: the Worker's own `ingestDocuments` and `retrieve`, bundled by wrangler and run in workerd
 * beside its local D1, so the timings are the Worker's own (Miniflare's Node-side D1 proxy costs a round trip
 * per `prepare` and `bind`, which no deployed Worker pays).
 */
const ENTRY = (root: string) => `
import { ingestDocuments } from '${root}/worker/knowledge/ingest';
import { retrieve, retrieveCandidates } from '${root}/worker/knowledge/retrieve';
export default {
  async fetch(request, env) {
    const body = await request.json();
    if (new URL(request.url).pathname === '/ingest') {
      return Response.json(await ingestDocuments(env.DB, body.site, body.docs, { limits: body.limits }));
    }
    const out = [];
    for (const text of body.queries) {
      if (body.evidence) {
        const found = await retrieveCandidates(env.DB, body.site, text, body.options);
        out.push({ docs: [...new Set(found.candidates.map((p) => p.docId))], evidence: found.candidates.map((p) => p.evidence), ms: 0 });
        continue;
      }
      const start = performance.now();
      const result = await retrieve(env.DB, body.site, text, body.options);
      const ms = performance.now() - start;
      out.push({ docs: [...new Set(result.passages.map((p) => p.docId))], evidence: [], ms });
    }
    return Response.json(out);
  },
};`;

export async function startBenchWorker(root: string): Promise<{ mf: Miniflare; post: <T>(path: string, body: unknown) => Promise<T> }> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-knowledge-'));
  writeFileSync(join(dir, 'entry.js'), ENTRY(root));
  execFileSync(
    join(root, 'node_modules/.bin/wrangler'),
    ['deploy', 'entry.js', '--dry-run', '--outdir', 'out', '--name', 'knowledge-bench', '--compatibility-date', '2026-04-20'],
    { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, WRANGLER_LOG: 'warn', WRANGLER_SEND_METRICS: 'false' } },
  );
  const script = readFileSync(join(dir, 'out/entry.js'), 'utf8').replace(/\n\/\/# sourceMappingURL=.*$/, '');
  rmSync(dir, { recursive: true, force: true });
  const mf = new Miniflare({ modules: true, script, d1Databases: ['DB'] });
  const db = await mf.getD1Database('DB');
  await applyMigrations(db as unknown as MigratableDb, join(root, 'worker/migrations'));
  const post = async <T>(path: string, body: unknown): Promise<T> => {
    const res = await mf.dispatchFetch(`http://bench${path}`, { method: 'POST', body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return { mf, post };
}

/**
 * Seeded distractor documents that read like more articles of the same site: each draws its words from the
 * text of three real documents picked at random (so terms stay bursty, as in real articles, rather than spread
 * uniformly over every passage), in paragraphs of 8–19-word sentences.
 */
export function distractors(docs: Doc[], count: number, seed: number): Doc[] {
  const streams = docs.map((d) => words(`${d.title} ${d.text}`)).filter((w) => w.length > 0);
  const random = mulberry32(seed);
  const any = <T>(list: T[]): T => list[Math.floor(random() * list.length)] as T;
  return Array.from({ length: count }, (_, i) => {
    const pool = [any(streams), any(streams), any(streams)].flat();
    const pick = () => any(pool);
    const sentence = () => `${Array.from({ length: 8 + Math.floor(random() * 12) }, pick).join(' ')}.`;
    const paragraph = () => Array.from({ length: 8 + Math.floor(random() * 4) }, sentence).join(' ');
    return {
      id: `distractor-${i}`,
      title: Array.from({ length: 4 + Math.floor(random() * 5) }, pick).join(' '),
      text: Array.from({ length: 4 }, paragraph).join('\n\n'),
    };
  });
}

const asInput = (d: Doc) => ({ id: d.id, title: d.title, body: d.text, format: 'text' as const, locale: 'en' });
const WEIGHT_GRID: FieldWeights[] = [1, 3, 8, 12].map((title) => ({ title, heading: 1.5, body: 1 }));

export interface KnowledgeBenchArgs {
  docs: string;
  queries: string;
  unanswerable?: string;
  holdoutThreads: number;
  seed: number;
  passages: number;
}

/** The whole benchmark; prints its tables and returns the headline figures (reporting half). */
export async function runKnowledgeBench(args: KnowledgeBenchArgs): Promise<KnowledgeFigures> {
  const allDocs = readJsonl<Doc>(args.docs);
  const queries = readJsonl<Query>(args.queries);
  const held = new Set([...new Set(allDocs.map((d) => threadOf(d.id)))].filter((t) => coin(args.seed + 1, t) < args.holdoutThreads));
  const docs = allDocs.filter((d) => !held.has(threadOf(d.id)));
  const present = new Set(docs.map((d) => d.id));
  const half = (key: string) => (coin(args.seed, key) < 0.5 ? 'tune' : 'report');
  const answerable = queries.filter((q) => q.relevant.some((id) => present.has(id)));
  const unanswerable = [
    ...queries.filter((q) => !q.relevant.some((id) => present.has(id))),
    ...(args.unanswerable ? readJsonl<Query>(args.unanswerable) : []),
  ];
  const split = (list: Query[], which: 'tune' | 'report') => list.filter((q) => half(threadOf(q.relevant[0] ?? q.id)) === which);

  const root = resolve(fileURLToPath(import.meta.url), '../../..');
  const { mf, post } = await startBenchWorker(root);
  try {
    const wide = { maxSiteDocuments: 1_000_000, maxSiteBytes: 1 << 30 };
    const ingest = async (list: Doc[]) => {
      let passages = 0;
      const start = performance.now();
      for (let i = 0; i < list.length; i += 250) {
        const docsSlice = list.slice(i, i + 250).map(asInput);
        passages += (await post<IngestResult>('/ingest', { site: SITE, docs: docsSlice, limits: wide })).passages;
      }
      return { passages, ms: performance.now() - start };
    };
    const ask = (list: Query[], options: { k: number; weights?: FieldWeights }) =>
      post<Answer[]>('/query', { site: SITE, queries: list.map((q) => q.text), options });
    const evaluate = async (list: Query[], weights: FieldWeights) => {
      const answers = await ask(list, { k: 50, weights });
      return { q: mean(list.map((query, i) => quality(answers[i]?.docs ?? [], query.relevant))), answers };
    };
    const samples = async (list: Query[], isAnswerable: boolean): Promise<FloorSample[]> =>
      (await post<Answer[]>('/query', { site: SITE, queries: list.map((q) => q.text), options: { k: 5 }, evidence: true })).map((a) => ({
        evidence: a.evidence,
        answerable: isAnswerable,
      }));

    const first = await ingest(docs);
    const tune = split(answerable, 'tune');
    const report = split(answerable, 'report');
    const tuned: { w: FieldWeights; q: Quality; answers: Answer[] }[] = [];
    for (const w of WEIGHT_GRID) tuned.push({ w, ...(await evaluate(tune, w)) });
    const chosen = tuned.reduce((x, y) => (y.q.ndcg_at_10 > x.q.ndcg_at_10 ? y : x));
    const flat = await evaluate(report, { title: 1, heading: 1, body: 1 });
    const same = (x: FieldWeights, y: FieldWeights) => x.title === y.title && x.heading === y.heading && x.body === y.body;
    const shipped = await evaluate(report, DEFAULT_WEIGHTS);
    const ours = same(chosen.w, DEFAULT_WEIGHTS) ? shipped : await evaluate(report, chosen.w);
    const plain = bm25Ranker(docs);
    const folded = bm25Ranker(docs, tokenize);
    const bm25 = mean(report.map((q) => quality(plain(q.text), q.relevant)));
    const bm25Folded = mean(report.map((q) => quality(folded(q.text), q.relevant)));

    console.log(
      `\nKnowledge retrieval: ${docs.length} documents → ${first.passages} passages (${held.size} threads held out), ` +
        `${tune.length} tuning / ${report.length} reporting queries`,
    );
    console.log('  title weight on the tuning half (nDCG@10):', tuned.map((t) => `${t.w.title}: ${t.q.ndcg_at_10.toFixed(3)}`).join(', '));
    const row = (name: string, q: Quality) => [
      name,
      ...[q.recall_at_1, q.recall_at_5, q.hit_at_1, q.hit_at_5, q.ndcg_at_10].map((x) => x.toFixed(3)),
    ];
    printTable(
      ['reporting half', 'recall@1', 'recall@5', 'hit@1', 'hit@5', 'nDCG@10'],
      [
        row('plain BM25 (in memory)', bm25),
        row('BM25 + plural fold (in memory)', bm25Folded),
        row('FTS5, fields unweighted', flat.q),
        row(`FTS5, title ×${chosen.w.title} (best on tuning half)`, ours.q),
        row(`FTS5, shipped weights (title ×${DEFAULT_WEIGHTS.title})`, shipped.q),
      ],
    );

    let floorFigures: Pick<KnowledgeFigures, 'decline_rate' | 'answer_rate'> = {};
    if (unanswerable.length) {
      const tuneSet = [...(await samples(tune, true)), ...(await samples(split(unanswerable, 'tune'), false))];
      const reportSet = [...(await samples(report, true)), ...(await samples(split(unanswerable, 'report'), false))];
      const raw = fitRelevance(tuneSet);
      const fitted = atFloor(raw, chooseFloor(tuneSet, raw, FLOOR_ANSWER_RATE), DEFAULT_FLOOR);
      const fittedFloor = chooseFloor(tuneSet, fitted, FLOOR_ANSWER_RATE);
      const coverageOnly: RelevanceModel = {
        bias: 0,
        weights: { coverage: 1, titleCoverage: 0, titleRecall: 0, bm25Share: 0, margin: 0, unknownShare: 0, rarestMissing: 0 },
      };
      const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
      const line = (name: string, model: RelevanceModel, floor: number) => {
        const t = floorRates(tuneSet, model, floor);
        const r = floorRates(reportSet, model, floor);
        return [name, floor.toFixed(3), pct(t.decline), pct(t.answer), pct(r.decline), pct(r.answer)];
      };
      console.log(
        `\nStrict-mode floor: ${tuneSet.filter((x) => !x.answerable).length} tuning / ${reportSet.filter((x) => !x.answerable).length} ` +
          `reporting unanswerable questions (their threads left out of the index). Fitted on the tuning half, bias set so its floor is ${DEFAULT_FLOOR}: ${describeModel(fitted)}.`,
      );
      printTable(
        ['relevance', 'floor', 'tune declined', 'tune let through', 'report declined', 'report let through'],
        [
          line('coverage alone (floor for 91% on tuning half)', coverageOnly, chooseFloor(tuneSet, coverageOnly, FLOOR_ANSWER_RATE)),
          line('fitted on tuning half (floor for 91% there)', fitted, fittedFloor),
          line('shipped model and floor', RELEVANCE_MODEL, DEFAULT_FLOOR),
        ],
      );
      const shippedRates = floorRates(reportSet, RELEVANCE_MODEL, DEFAULT_FLOOR);
      floorFigures = { decline_rate: shippedRates.decline, answer_rate: shippedRates.answer };
    }

    const perDoc = first.passages / Math.max(1, docs.length);
    const extra = distractors(docs, Math.max(0, Math.ceil((args.passages - first.passages) / 3)), args.seed);
    const more = await ingest(extra);
    const ingestMs = first.ms + more.ms;
    const total = first.passages + more.passages;
    const probe = [...report, ...unanswerable];
    await ask(probe.slice(0, 50), { k: 10 });
    const cpuBefore = workerdCpuMs();
    const timed = await ask(probe, { k: 10 });
    const cpuPerQuery = (workerdCpuMs() - cpuBefore) / Math.max(1, probe.length);
    const ms = timed.map((a) => a.ms);
    const crowded = await evaluate(report, DEFAULT_WEIGHTS);
    const figures: KnowledgeFigures = {
      ...shipped.q,
      p50_ms: percentile(ms, 50),
      p99_ms: percentile(ms, 99),
      cpu_ms_per_query: cpuPerQuery,
      ingest_docs_per_s: (docs.length + extra.length) / (ingestMs / 1000),
      bm25_ndcg_at_10: bm25.ndcg_at_10,
      ...floorFigures,
    };
    console.log(
      `\nLatency with ${extra.length} seeded synthetic distractor documents (each from three real documents' words) added: ` +
        `${total} passages in the site (${perDoc.toFixed(2)} per real document); nDCG@10 among them ${crowded.q.ndcg_at_10.toFixed(3)}. ` +
        'Query time is measured inside workerd around retrieve(); ingest from Node, 250 documents a request. ' +
        `Load average ${loadavg()
          .map((x) => x.toFixed(1))
          .join(' ')} on ${availableParallelism()} cores.`,
    );
    printTable(
      ['queries (k 10)', 'p50 ms', 'p99 ms', 'workerd CPU ms/query', 'ingest docs/s', 'ingest passages/s'],
      [
        [
          ms.length,
          figures.p50_ms.toFixed(2),
          figures.p99_ms.toFixed(2),
          cpuPerQuery.toFixed(2),
          figures.ingest_docs_per_s.toFixed(0),
          (total / (ingestMs / 1000)).toFixed(0),
        ],
      ],
    );
    return figures;
  } finally {
    await mf.dispose();
  }
}

/** The headline figures as `[metric, value]` rows, for docs/benchmarks.md. */
export function knowledgeBenchRows(f: KnowledgeFigures): [string, string][] {
  const rows: [string, string][] = [
    ['nDCG@10 (reporting half)', `${f.ndcg_at_10.toFixed(3)} (plain BM25 ${f.bm25_ndcg_at_10.toFixed(3)})`],
    ['hit@1 / hit@5', `${f.hit_at_1.toFixed(3)} / ${f.hit_at_5.toFixed(3)}`],
    ['recall@1 / recall@5', `${f.recall_at_1.toFixed(3)} / ${f.recall_at_5.toFixed(3)}`],
    ['query p50 / p99 (10,000+ passages)', `${f.p50_ms.toFixed(2)} ms / ${f.p99_ms.toFixed(2)} ms`],
    ['workerd CPU per query (JS + SQLite)', `${f.cpu_ms_per_query.toFixed(2)} ms`],
    ['ingest', `${f.ingest_docs_per_s.toFixed(0)} documents/s`],
  ];
  if (f.decline_rate !== undefined && f.answer_rate !== undefined) {
    rows.push([
      'strict floor on the reporting half: unanswerable declined / answerable let through',
      `${(f.decline_rate * 100).toFixed(1)} % / ${(f.answer_rate * 100).toFixed(1)} %`,
    ]);
  }
  return rows;
}

/** The figures as the one JSON line the benchmark ends with (three decimals). */
export function knowledgeJsonLine(f: KnowledgeFigures): string {
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return JSON.stringify(Object.fromEntries(Object.entries(f).map(([k, v]) => [k, round(v)])));
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const docs = arg('docs');
  const queries = arg('queries');
  if (!docs || !queries) throw new Error('usage: --docs FILE --queries FILE [--unanswerable FILE] [--holdout-threads 0.2]');
  const unanswerable = arg('unanswerable');
  const figures = await runKnowledgeBench({
    docs,
    queries,
    ...(unanswerable ? { unanswerable } : {}),
    holdoutThreads: Number(arg('holdout-threads') ?? 0),
    seed: Number(arg('seed') ?? 7),
    passages: Number(arg('passages') ?? 10_000),
  });
  console.log(knowledgeJsonLine(figures));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
