/** The outcome figures (figures.ts) as Prometheus text families, per site, appended to `/metrics`. */
import type { OutcomeFigures, Spread } from './figures';
import { outcomesBySite } from './queries';

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labels = (l: Record<string, string>) =>
  `{${Object.entries(l)
    .map(([k, v]) => `${k}="${esc(v)}"`)
    .join(',')}}`;

/** The lines of every outcome family over `figures` (site → figures). */
export function outcomeLines(figures: Map<string, OutcomeFigures>): string[] {
  const out: string[] = [];
  const family = (name: string, type: string, help: string, value: (f: OutcomeFigures) => number | null, extra = {}) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [site, f] of figures) {
      const v = value(f);
      if (v !== null) out.push(`${name}${labels({ site, ...extra })} ${v}`);
    }
  };
  family('parley_conversations_total', 'counter', 'Conversations started (a first visitor message).', (f) => f.conversations);
  family('parley_conversations_handed_off_total', 'counter', 'Conversations handed to a person.', (f) => f.handedOff);
  family('parley_conversations_resolved_total', 'counter', 'Closed conversations the assistant resolved.', (f) => f.resolved);
  out.push('# HELP parley_conversations_closed_total Conversations closed, by reason (agent, idle).');
  out.push('# TYPE parley_conversations_closed_total counter');
  for (const [site, f] of figures)
    for (const [reason, n] of Object.entries(f.closedByReason))
      out.push(`parley_conversations_closed_total${labels({ site, reason })} ${n}`);
  family('parley_handoff_ratio', 'gauge', 'Handed-off conversations over conversations started.', (f) => f.handoffRate);
  family(
    'parley_resolution_ratio',
    'gauge',
    'Closed conversations without handoff and without a negative rating, over closed conversations.',
    (f) => f.resolutionRate,
  );
  out.push('# HELP parley_csat_responses_total Satisfaction ratings, by score (1-5).', '# TYPE parley_csat_responses_total counter');
  for (const [site, f] of figures)
    for (const [score, n] of Object.entries(f.csat.byScore)) out.push(`parley_csat_responses_total${labels({ site, score })} ${n}`);
  family('parley_csat_mean', 'gauge', 'Mean satisfaction rating (1-5).', (f) => f.csat.mean);
  family('parley_csat_satisfied_ratio', 'gauge', 'Share of satisfaction ratings of 4 or 5.', (f) => f.csat.satisfiedRate);
  const summary = (name: string, help: string, pick: (f: OutcomeFigures) => Spread) => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} summary`);
    for (const [site, f] of figures) {
      const s = pick(f);
      if (s.count === 0) continue;
      out.push(`${name}${labels({ site, quantile: '0.5' })} ${s.p50}`, `${name}${labels({ site, quantile: '0.9' })} ${s.p90}`);
      out.push(`${name}_sum${labels({ site })} ${s.sum}`, `${name}_count${labels({ site })} ${s.count}`);
    }
  };
  summary('parley_agent_first_response_ms', 'Handoff to the first human reply, in ms.', (f) => f.firstResponseMs);
  summary('parley_time_to_close_ms', 'Handoff to close, in ms.', (f) => f.timeToCloseMs);
  family('parley_unanswered_questions_total', 'counter', "Questions the site's knowledge could not answer.", (f) => f.unanswered);
  return out;
}

/** The outcome families as Prometheus text (ends with a newline). */
export async function outcomePrometheus(db: D1Database): Promise<string> {
  return `${outcomeLines(await outcomesBySite(db)).join('\n')}\n`;
}
