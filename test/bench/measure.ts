/** Small measuring helpers shared by the benchmarks. */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { Agent, fetch as undiciFetch } from 'undici';

/**
 * The benchmarks' HTTP client: a new connection per request (`pipelining: 0` turns keep-alive off). With Node's
 * default pool, 100 concurrent streams to workerd lost 10-85 of each later round of 100 to ECONNRESET or "other
 * side closed": the pool re-used connections that workerd was closing, and those requests never reached the
 * Worker (its log shows none of them); a 1 s idle timeout did not help, no reuse did (0 of 500). A loopback
 * connect costs every path alike, so the figures stay comparable.
 */
export const benchAgent = new Agent({ pipelining: 0, connect: { timeout: 30_000 } });

/** The mock upstream's limits for benchmarks: idle connections outlive every pause between rounds. */
export const BENCH_UPSTREAM_LIMITS = { keepAliveTimeoutMs: 120_000, backlog: 1024 };

/** `fetch` through `benchAgent`. */
export const benchFetch = (url: string, init: Parameters<typeof undiciFetch>[1] = {}) =>
  undiciFetch(url, { ...init, dispatcher: benchAgent });

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] ?? Number.NaN;
}

/** POST and read a streamed body: ms to the first content byte after headers, and to the end. */
export async function timeStream(
  url: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ first: number; total: number; status: number }> {
  const t0 = performance.now();
  const res = await benchFetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'http://localhost', ...headers },
    body,
  });
  if (!res.body) throw new Error(`no body from ${url}`);
  const reader = res.body.getReader();
  let first = Number.NaN;
  const decoder = new TextDecoder();
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    if (Number.isNaN(first) && /"content":"[^"]|event: delta/.test(decoder.decode(value))) first = performance.now() - t0;
  }
  return { first, total: performance.now() - t0, status: res.status };
}

/** The most specific code of a failed request (`fetch` wraps the socket error in `cause`): ECONNRESET, UND_ERR_SOCKET… */
export function errorCode(err: unknown): string {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return err instanceof Error ? err.message.slice(0, 60) : String(err).slice(0, 60);
}

/** A difference with its sign, to `digits` places: +1.20, -0.99. */
export function signed(x: number, digits = 2): string {
  return `${x >= 0 ? '+' : '-'}${Math.abs(x).toFixed(digits)}`;
}

export function printTable(header: string[], rows: (string | number)[][]): void {
  const all = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)));
  const line = (r: (string | number)[]) => `| ${r.map((c, i) => String(c).padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

export const TICK_MS = 10; // USER_HZ: /proc reports CPU time in 1/100 s on Linux

/** The workerd processes this Node process started, newest last. */
export function workerdPids(): number[] {
  return execFileSync('pgrep', ['-P', String(process.pid), 'workerd'])
    .toString()
    .trim()
    .split('\n')
    .map(Number);
}

/** CPU ms of a process, total and per thread. */
export function cpu(pid: number): { total: number; threads: number[] } {
  const ticks = (stat: string) => {
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  };
  const threads = readdirSync(`/proc/${pid}/task`).map((t) => ticks(readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8')));
  return { total: ticks(readFileSync(`/proc/${pid}/stat`, 'utf8')), threads };
}
