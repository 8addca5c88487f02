/** Charts drawn as inline SVG by Preact: no chart library, no inline styles, CSP-safe. */

export interface Line {
  name: string;
  color: string;
  values: (number | null)[];
}

const W = 560;
const H = 180;
const PAD = { l: 48, r: 12, t: 10, b: 24 };

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  const m = v / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

/** A line chart over time buckets; `null` values leave a gap. */
export function LineChart(props: { title: string; times: number[]; lines: Line[]; format: (v: number) => string }) {
  const { times, lines, format } = props;
  const all = lines.flatMap((l) => l.values.filter((v): v is number => v !== null));
  const max = niceMax(Math.max(0, ...all));
  const n = Math.max(times.length - 1, 1);
  const x = (i: number) => PAD.l + (i / n) * (W - PAD.l - PAD.r);
  const y = (v: number) => H - PAD.b - (v / max) * (H - PAD.t - PAD.b);
  const paths = lines.map((l) => {
    let d = '';
    let pen = false;
    l.values.forEach((v, i) => {
      if (v === null) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
      pen = true;
    });
    return { ...l, d };
  });
  // A half-way tick whose label rounds to the same text as another (e.g. 0.5 ms → "1") is dropped.
  const ticks = [0, 0.5, 1].map((f) => f * max).filter((t, i, all) => all.findIndex((u) => format(u) === format(t)) === i);
  const clock = (t: number | undefined) => (t === undefined ? '' : new Date(t).toTimeString().slice(0, 5));
  return (
    <figure class="chart">
      <figcaption>
        {props.title}
        {lines.map((l) => (
          <span class="legend" key={l.name}>
            <svg width="10" height="10" aria-hidden="true">
              <rect width="10" height="10" fill={l.color} />
            </svg>
            {l.name}
          </span>
        ))}
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.title}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.l} x2={W - PAD.r} y1={y(t)} y2={y(t)} stroke="#e5e7eb" />
            <text x={PAD.l - 6} y={y(t) + 4} text-anchor="end" font-size="11" fill="#6b7280">
              {format(t)}
            </text>
          </g>
        ))}
        <text x={PAD.l} y={H - 6} font-size="11" fill="#6b7280">
          {clock(times[0])}
        </text>
        <text x={W - PAD.r} y={H - 6} font-size="11" fill="#6b7280" text-anchor="end">
          {clock(times.at(-1))}
        </text>
        {paths.map((p) => (
          <path key={p.name} d={p.d} fill="none" stroke={p.color} stroke-width="2" stroke-linejoin="round" />
        ))}
        {/* A bucket with no neighbour draws no line segment: a dot keeps it visible. */}
        {lines.map((l) =>
          l.values.map((v, i) =>
            v === null || (l.values[i - 1] ?? null) !== null || (l.values[i + 1] ?? null) !== null ? null : (
              <circle key={`${l.name}-${i}`} cx={x(i)} cy={y(v)} r="3" fill={l.color} />
            ),
          ),
        )}
      </svg>
    </figure>
  );
}

/** Horizontal bars, largest first, with the value printed at the end. */
export function BarChart(props: {
  title: string;
  items: { label: string; value: number }[];
  format: (v: number) => string;
  color?: string;
}) {
  const items = props.items.slice(0, 10);
  const max = Math.max(...items.map((i) => i.value), 0) || 1;
  const row = 22;
  const h = Math.max(items.length, 1) * row + 4;
  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <svg viewBox={`0 0 ${W} ${h}`} role="img" aria-label={props.title}>
        {items.length === 0 && (
          <text x="8" y="16" font-size="12" fill="#6b7280">
            No data yet
          </text>
        )}
        {items.map((it, i) => {
          const w = (it.value / max) * (W - 260);
          return (
            <g key={it.label}>
              <text x="170" y={i * row + 15} text-anchor="end" font-size="12" fill="#111827">
                {it.label.length > 26 ? `${it.label.slice(0, 25)}…` : it.label}
              </text>
              <rect x="178" y={i * row + 4} width={Math.max(w, 1)} height={row - 8} rx="3" fill={props.color ?? '#2563eb'} />
              <text x={182 + w} y={i * row + 15} font-size="12" fill="#374151">
                {props.format(it.value)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
