/**
 * Figures from the D1 audit rows, so every isolate reports the same numbers: Prometheus text for
 * scrapers and a JSON summary for the console's dashboard.
 */
import {
  type Breakdown,
  breakdown,
  errorsByCode,
  SAMPLE_COLUMNS,
  type SeriesPoint,
  type TurnSample,
  timeSeries,
  type WindowStats,
  windowStats,
} from './aggregate';
import { BREAKER_VALUE, type BreakerSnapshot, breakerSnapshots, mergeBreakers, reportedBreakers } from './breakers';

/** Histogram bucket bounds in ms, for time to first delta and total turn time. */
export const LATENCY_BUCKETS_MS = [50, 100, 200, 400, 800, 1600, 3200, 6400, 12800];
const SAMPLE_CAP = 100_000;

/** Turn samples in [from, to), optionally for one site. */
export async function loadSamples(db: D1Database, from: number, to: number, site?: string): Promise<TurnSample[]> {
  const cols = SAMPLE_COLUMNS.join(', ');
  const stmt = site
    ? db.prepare(`SELECT ${cols} FROM audit_turns WHERE at >= ? AND at < ? AND site = ? LIMIT ${SAMPLE_CAP}`).bind(from, to, site)
    : db.prepare(`SELECT ${cols} FROM audit_turns WHERE at >= ? AND at < ? LIMIT ${SAMPLE_CAP}`).bind(from, to);
  return (await stmt.all<TurnSample>()).results;
}

export interface DashboardSummary {
  from: number;
  to: number;
  totals: WindowStats;
  series: SeriesPoint[];
  byTierModel: Breakdown[];
  byIntent: Breakdown[];
  errorsByCode: Record<string, number>;
  breakers: BreakerSnapshot[];
}

/** The dashboard's figures over the last hour (60 one-minute buckets) or day (96 quarter-hours). */
export async function dashboardSummary(db: D1Database, now: number, range: 'hour' | 'day', site?: string): Promise<DashboardSummary> {
  const span = range === 'hour' ? 3_600_000 : 86_400_000;
  const buckets = range === 'hour' ? 60 : 96;
  const width = span / buckets;
  const to = Math.ceil(now / width) * width;
  const from = to - span;
  const samples = await loadSamples(db, from, to, site);
  return {
    from,
    to,
    totals: windowStats(samples),
    series: timeSeries(samples, from, to, buckets),
    byTierModel: breakdown(samples, (s) => `${s.tier} · ${s.model}`),
    byIntent: breakdown(samples, (s) => s.intent ?? '(none)'),
    errorsByCode: errorsByCode(samples),
    breakers: mergeBreakers(breakerSnapshots(), await reportedBreakers(db, now)),
  };
}

interface CounterRow {
  site: string;
  tier: string;
  provider: string;
  model: string;
  status: string;
  error_code: string | null;
  turns: number;
  cache_hits: number;
  tokens_in: number;
  tokens_out: number;
  tokens_cached: number;
  cost: number;
}

function bucketColumns(col: string, prefix: string): string {
  return LATENCY_BUCKETS_MS.map((le, i) => `SUM(CASE WHEN ${col} IS NOT NULL AND ${col} <= ${le} THEN 1 ELSE 0 END) AS ${prefix}${i}`).join(
    ', ',
  );
}

/** Label values escaped per the Prometheus text format. */
function labels(l: Record<string, string>): string {
  const parts = Object.entries(l).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

/** All retained audit rows as Prometheus text (counters over the rows D1 still holds). */
export async function prometheusText(db: D1Database): Promise<string> {
  const counters = (
    await db
      .prepare(
        `SELECT site, tier, provider, model, status, error_code, COUNT(*) AS turns, SUM(cached) AS cache_hits,
          SUM(tokens_in) AS tokens_in, SUM(tokens_out) AS tokens_out, SUM(tokens_cached) AS tokens_cached, SUM(cost_usd) AS cost
         FROM audit_turns GROUP BY site, tier, provider, model, status, error_code`,
      )
      .all<CounterRow>()
  ).results;
  const hist = (
    await db
      .prepare(
        `SELECT site, COUNT(ttfd_ms) AS ttfd_count, COALESCE(SUM(ttfd_ms), 0) AS ttfd_sum, COUNT(*) AS total_count,
          COALESCE(SUM(total_ms), 0) AS total_sum, ${bucketColumns('ttfd_ms', 'f')}, ${bucketColumns('total_ms', 'd')}
         FROM audit_turns GROUP BY site`,
      )
      .all<Record<string, number | string>>()
  ).results;

  const ratings = (
    await db
      .prepare(`SELECT site, feedback, COUNT(*) AS n FROM audit_turns WHERE feedback IS NOT NULL GROUP BY site, feedback`)
      .all<{ site: string; feedback: number; n: number }>()
  ).results;

  const out: string[] = [];
  const family = (name: string, type: string, help: string) => out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);

  family('parley_turns_total', 'counter', 'Turns recorded, by site, tier, provider, model and status.');
  const turns = new Map<string, number>();
  for (const r of counters) {
    const k = labels({ site: r.site, tier: r.tier, provider: r.provider, model: r.model, status: r.status });
    turns.set(k, (turns.get(k) ?? 0) + r.turns);
  }
  for (const [k, v] of turns) out.push(`parley_turns_total${k} ${v}`);

  family('parley_errors_total', 'counter', 'Turns that ended in an error, by site and error code.');
  const errors = new Map<string, number>();
  for (const r of counters.filter((r) => r.status === 'error')) {
    const k = labels({ site: r.site, code: r.error_code ?? 'unknown' });
    errors.set(k, (errors.get(k) ?? 0) + r.turns);
  }
  for (const [k, v] of errors) out.push(`parley_errors_total${k} ${v}`);

  family('parley_cache_hits_total', 'counter', 'Turns answered from the reply cache.');
  family('parley_tokens_total', 'counter', 'Tokens by site, tier, model and kind (input, output, cached input).');
  family('parley_cost_usd_total', 'counter', 'Provider cost in US dollars.');
  for (const r of counters) {
    const base = { site: r.site, tier: r.tier, model: r.model };
    if (r.cache_hits) out.push(`parley_cache_hits_total${labels({ ...base, status: r.status })} ${r.cache_hits}`);
    out.push(`parley_tokens_total${labels({ ...base, status: r.status, kind: 'input' })} ${r.tokens_in}`);
    out.push(`parley_tokens_total${labels({ ...base, status: r.status, kind: 'output' })} ${r.tokens_out}`);
    out.push(`parley_tokens_total${labels({ ...base, status: r.status, kind: 'cached_input' })} ${r.tokens_cached}`);
    out.push(`parley_cost_usd_total${labels({ ...base, status: r.status })} ${Number(r.cost).toFixed(6)}`);
  }

  family('parley_feedback_total', 'counter', "Visitors' ratings of replies, by site and rating (up, down).");
  for (const r of ratings) out.push(`parley_feedback_total${labels({ site: r.site, rating: r.feedback === 1 ? 'up' : 'down' })} ${r.n}`);

  const histogram = (name: string, help: string, prefix: string, count: string, sum: string) => {
    family(name, 'histogram', help);
    for (const h of hist) {
      const site = String(h.site);
      for (const [i, le] of LATENCY_BUCKETS_MS.entries()) {
        out.push(`${name}_bucket${labels({ site, le: String(le) })} ${h[`${prefix}${i}`] ?? 0}`);
      }
      out.push(`${name}_bucket${labels({ site, le: '+Inf' })} ${h[count]}`);
      out.push(`${name}_sum${labels({ site })} ${h[sum]}`);
      out.push(`${name}_count${labels({ site })} ${h[count]}`);
    }
  };
  histogram('parley_ttfd_ms', 'Time from turn start to the first delta sent, in ms.', 'f', 'ttfd_count', 'ttfd_sum');
  histogram('parley_turn_duration_ms', 'Time from turn start to its end, in ms.', 'd', 'total_count', 'total_sum');

  family('parley_breaker_state', 'gauge', 'Circuit breaker per provider and model: 0 closed, 1 half-open, 2 open.');
  for (const b of mergeBreakers(breakerSnapshots(), await reportedBreakers(db, Date.now())))
    out.push(`parley_breaker_state${labels({ provider: b.provider, model: b.model })} ${BREAKER_VALUE[b.state]}`);

  return `${out.join('\n')}\n`;
}
