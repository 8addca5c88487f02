/** Dashboard: the last hour or day at a glance, and the last week's outcomes, from the same D1 figures as /metrics. */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { BarChart, LineChart } from '../charts';
import { ListTable } from '../list-table';

interface Stats {
  turns: number;
  errors: number;
  errorRate: number;
  cacheHitRate: number;
  ttfdP50: number | null;
  ttfdP95: number | null;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  feedbackUp: number;
  feedbackDown: number;
}
interface Summary {
  totals: Stats;
  series: (Stats & { t: number })[];
  byTierModel: { key: string; turns: number; tokensIn: number; tokensOut: number; costUsd: number }[];
  byIntent: { key: string; turns: number }[];
  errorsByCode: Record<string, number>;
  breakers: { provider: string; model: string; state: string }[];
  alerts: { site: string; rule: string; since: number; value: number | null }[];
}

interface Spread {
  count: number;
  p50: number | null;
  p90: number | null;
}
interface Outcomes {
  conversations: number;
  handoffRate: number | null;
  closed: number;
  resolutionRate: number | null;
  csat: { responses: number; byScore: Record<string, number>; mean: number | null; satisfiedRate: number | null };
  firstResponseMs: Spread;
  timeToCloseMs: Spread;
  unanswered: number;
}

const ms = (v: number | null) => (v === null ? '—' : `${Math.round(v)} ms`);
const pct = (v: number) => `${(v * 100).toFixed(v > 0 && v < 0.1 ? 1 : 0)}%`;
const usd = (v: number) => `$${v < 1 ? v.toFixed(4) : v.toFixed(2)}`;
const int = (v: number) => Math.round(v).toLocaleString('en');
const rate = (v: number | null) => (v === null ? '—' : pct(v));
const minutes = (v: number | null) => (v === null ? '—' : v < 60_000 ? `${Math.round(v / 1000)} s` : `${(v / 60_000).toFixed(1)} min`);

/** The support team's figures over the last 7 days: CSAT, resolution and handoff rates, waits. */
function OutcomesPanel(props: { site: string }) {
  const [o, setO] = useState<Outcomes | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    let live = true;
    api<Outcomes>(`/admin/api/outcomes?range=week&site=${encodeURIComponent(props.site)}`)
      .then((d) => {
        if (!live) return;
        setO(d);
        setError('');
      })
      .catch((e: Error) => {
        if (live) setError(e.message);
      });
    return () => {
      live = false;
    };
  }, [props.site]);
  if (error) return <p role="alert">Outcomes: {error}</p>;
  if (!o) return null;
  const waits = [
    { label: 'First response p50', value: o.firstResponseMs.p50 ?? 0 },
    { label: 'First response p90', value: o.firstResponseMs.p90 ?? 0 },
    { label: 'Time to close p50', value: o.timeToCloseMs.p50 ?? 0 },
    { label: 'Time to close p90', value: o.timeToCloseMs.p90 ?? 0 },
  ];
  return (
    <section aria-labelledby="outcomes-h">
      <h3 id="outcomes-h">Outcomes, last 7 days</h3>
      <dl class="tiles">
        <div>
          <dt>Conversations</dt>
          <dd>{int(o.conversations)}</dd>
        </div>
        <div>
          <dt>Resolved by the assistant</dt>
          <dd>{rate(o.resolutionRate)}</dd>
        </div>
        <div>
          <dt>Handed to a person</dt>
          <dd>{rate(o.handoffRate)}</dd>
        </div>
        <div>
          <dt>CSAT mean / rated 4–5</dt>
          <dd>
            {o.csat.mean === null ? '—' : o.csat.mean.toFixed(2)} / {rate(o.csat.satisfiedRate)}
          </dd>
        </div>
        <div>
          <dt>First response p50 / p90</dt>
          <dd>
            {minutes(o.firstResponseMs.p50)} / {minutes(o.firstResponseMs.p90)}
          </dd>
        </div>
        <div>
          <dt>Unanswered questions</dt>
          <dd>{int(o.unanswered)}</dd>
        </div>
      </dl>
      <div class="charts">
        <BarChart
          title="Outcome rates"
          format={pct}
          color="#059669"
          items={[
            { label: 'Resolved by the assistant', value: o.resolutionRate ?? 0 },
            { label: 'Handed to a person', value: o.handoffRate ?? 0 },
            { label: 'CSAT 4–5', value: o.csat.satisfiedRate ?? 0 },
          ]}
        />
        <BarChart
          title={`CSAT ratings (${int(o.csat.responses)})`}
          format={int}
          color="#7c3aed"
          items={['5', '4', '3', '2', '1'].map((score) => ({ label: `${score} of 5`, value: o.csat.byScore[score] ?? 0 }))}
        />
        <BarChart title="Waits for a person" format={minutes} color="#d97706" items={waits} />
      </div>
    </section>
  );
}

export function Dashboard(props: { site: string }) {
  const [range, setRange] = useState<'hour' | 'day'>('hour');
  const [data, setData] = useState<Summary | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    let live = true;
    const load = () =>
      api<Summary>(`/admin/api/metrics/summary?range=${range}&site=${encodeURIComponent(props.site)}`)
        .then((d) => {
          if (!live) return;
          setData(d);
          setError('');
        })
        .catch((e: Error) => {
          if (live) setError(e.message);
        });
    load();
    const timer = setInterval(load, 15_000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [range, props.site]);

  const t = data?.totals;
  const times = data?.series.map((p) => p.t) ?? [];
  return (
    <section aria-labelledby="dash-h">
      <header class="row">
        <h2 id="dash-h">Dashboard</h2>
        <fieldset class="seg">
          <legend class="sr-only">Time range</legend>
          <button type="button" aria-pressed={range === 'hour'} onClick={() => setRange('hour')}>
            Last hour
          </button>
          <button type="button" aria-pressed={range === 'day'} onClick={() => setRange('day')}>
            Last day
          </button>
        </fieldset>
      </header>
      {error && <p role="alert">{error}</p>}
      {data && t && (
        <>
          {data.alerts.length > 0 && (
            <ul class="alerts" aria-label="Firing alerts">
              {data.alerts.map((a) => (
                <li key={`${a.site}/${a.rule}`}>
                  Alert firing: {a.site} · {a.rule} = {a.value === null ? '—' : a.value < 1 ? pct(a.value) : ms(a.value)} since{' '}
                  {new Date(a.since).toLocaleTimeString()}
                </li>
              ))}
            </ul>
          )}
          <dl class="tiles">
            <div>
              <dt>Turns</dt>
              <dd>{int(t.turns)}</dd>
            </div>
            <div>
              <dt>First delta p50 / p95</dt>
              <dd>
                {ms(t.ttfdP50)} / {ms(t.ttfdP95)}
              </dd>
            </div>
            <div>
              <dt>Error rate</dt>
              <dd>{pct(t.errorRate)}</dd>
            </div>
            <div>
              <dt>Cache hit rate</dt>
              <dd>{pct(t.cacheHitRate)}</dd>
            </div>
            <div>
              <dt>Tokens in / out</dt>
              <dd>
                {int(t.tokensIn)} / {int(t.tokensOut)}
              </dd>
            </div>
            <div>
              <dt>Cost</dt>
              <dd>{usd(t.costUsd)}</dd>
            </div>
            <div>
              <dt>Visitor ratings up / down</dt>
              <dd>
                {int(t.feedbackUp)} / {int(t.feedbackDown)}
              </dd>
            </div>
          </dl>
          <div class="charts">
            <LineChart
              title="Turns"
              times={times}
              format={int}
              lines={[{ name: 'turns', color: '#2563eb', values: data.series.map((p) => p.turns) }]}
            />
            <LineChart
              title="Time to first delta"
              times={times}
              format={(v) => `${Math.round(v)}`}
              lines={[
                { name: 'p50 ms', color: '#059669', values: data.series.map((p) => p.ttfdP50) },
                { name: 'p95 ms', color: '#d97706', values: data.series.map((p) => p.ttfdP95) },
              ]}
            />
            <LineChart
              title="Error and cache hit rate"
              times={times}
              format={pct}
              lines={[
                { name: 'errors', color: '#dc2626', values: data.series.map((p) => (p.turns ? p.errorRate : null)) },
                { name: 'cache hits', color: '#7c3aed', values: data.series.map((p) => (p.turns ? p.cacheHitRate : null)) },
              ]}
            />
            <BarChart title="Turns per intent" format={int} items={data.byIntent.map((b) => ({ label: b.key, value: b.turns }))} />
            <BarChart
              title="Tokens by tier · model"
              format={int}
              color="#0d9488"
              items={data.byTierModel.map((b) => ({ label: b.key, value: b.tokensIn + b.tokensOut }))}
            />
            <BarChart
              title="Cost by tier · model"
              format={usd}
              color="#b45309"
              items={data.byTierModel.map((b) => ({ label: b.key, value: b.costUsd }))}
            />
            <BarChart
              title="Errors by code"
              format={int}
              color="#dc2626"
              items={Object.entries(data.errorsByCode).map(([label, value]) => ({ label, value }))}
            />
          </div>
          <OutcomesPanel site={props.site} />
          <h3>Circuit breakers</h3>
          {data.breakers.length === 0 ? (
            <p class="muted">No breaker state reported by this instance.</p>
          ) : (
            <ListTable columns={['Provider', 'Model', 'State']}>
              {data.breakers.map((b) => (
                <tr key={`${b.provider}/${b.model}`}>
                  <td>{b.provider}</td>
                  <td>{b.model}</td>
                  <td class={`breaker ${b.state}`}>{b.state}</td>
                </tr>
              ))}
            </ListTable>
          )}
        </>
      )}
    </section>
  );
}
