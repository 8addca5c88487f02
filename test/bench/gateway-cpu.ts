/**
 * workerd CPU per request (user + system time of the workerd process, from /proc), by path, at 100
 * concurrent requests: the figure that decides the 100-stream latency when one isolate thread serialises
 * every request, and one that other load on a shared machine disturbs far less than wall-clock latency.
 * Linux only. A diagnostic beside `npm run bench`, not a target.
 *
 *   tsx test/bench/gateway-cpu.ts [--rounds 5]
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import { receivedRequests, setScenario } from '../fixtures/mock-client';
import { startMockUpstream } from '../fixtures/mock-upstream';
import { BENCH_SITE, serveBench } from './bench-site';
import { benchApiKey, PASS_THROUGH } from './gateway';
import { BENCH_UPSTREAM_LIMITS, benchFetch, cpu, errorCode, percentile, TICK_MS, timeStream, workerdPids } from './measure';
import { reportNote, reportTable } from './report';

/** The bare pass-through plus a KV get before the upstream call and a KV put after it (waitUntil). */
const PASS_THROUGH_KV = `export default {
  async fetch(req, env, ctx) {
    const key = 'site/demo/~none/' + new URL(req.url).searchParams.get('k');
    await env.CACHE.get(key);
    const res = await fetch(env.UPSTREAM + '/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: req.body });
    ctx.waitUntil(env.CACHE.put(key, JSON.stringify({ v: 1, text: 'Thanks for asking, your order ships tomorrow morning.' }), { expirationTtl: 3600 }));
    return new Response(res.body, { status: res.status, headers: { 'content-type': 'text/event-stream' } });
  },
};`;

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};

/** Measure workerd CPU per request and latency for each path at 100 concurrent requests. */
export async function gatewayCpu(): Promise<void> {
  if (!existsSync('/proc/self/task')) return reportNote('workerd CPU per request: skipped (needs Linux /proc)');
  const rounds = Number(arg('--rounds') ?? 5);
  const mock = await startMockUpstream(0, BENCH_UPSTREAM_LIMITS);
  const base = await setScenario(mock.url, 'gw-cpu', { calls: [{ reply: 'Thanks for asking, your order ships tomorrow morning.' }] });
  const bare = new Miniflare({ modules: true, script: PASS_THROUGH, host: '127.0.0.1', port: 0, bindings: { UPSTREAM: base } });
  const bareUrl = (await bare.ready).toString().replace(/\/$/, '');
  const barePid = workerdPids().at(-1) as number;
  // The floor plus what the reply cache asks of storage on a miss: one KV get and one KV put (Miniflare's
  // KV simulator runs in the same workerd, on the same thread as the Worker).
  const bareKv = new Miniflare({
    modules: true,
    script: PASS_THROUGH_KV,
    host: '127.0.0.1',
    port: 0,
    kvNamespaces: ['CACHE'],
    bindings: { UPSTREAM: base },
  });
  const bareKvUrl = (await bareKv.ready).toString().replace(/\/$/, '');
  const bareKvPid = workerdPids().at(-1) as number;
  const parley = await serveBench({
    port: 0,
    persist: false,
    bindings: { FAQ_PACE_MS: '0', OPENAI_BASE_URL: base, OPENAI_API_KEY: 'bench', OPENAI_MODEL: 'mock', ADMIN_TOKEN: 'bench-admin' },
  });
  const parleyPid = workerdPids().at(-1) as number;
  const apiKey = await benchApiKey(parley);
  const upstreamBody = JSON.stringify({ model: 'mock', stream: true, messages: [{ role: 'user', content: 'Where is my order?' }] });
  let n = 0;
  const completions = (text: string) =>
    timeStream(
      `${parley.url}/v1/chat/completions`,
      JSON.stringify({ model: 'parley-default', stream: true, messages: [{ role: 'user', content: text }] }),
      { authorization: `Bearer ${apiKey}` },
    );
  const paths: { name: string; pid: number; upstream?: true; run: () => Promise<{ first: number; total: number }> }[] = [
    { name: 'bare pass-through Worker', pid: barePid, run: () => timeStream(bareUrl, upstreamBody) },
    {
      name: 'pass-through + KV get and put',
      pid: bareKvPid,
      run: () => timeStream(`${bareKvUrl}/?k=${(n++).toString(36)}`, upstreamBody),
    },
    {
      name: 'Parley GET /healthz (middleware only)',
      pid: parleyPid,
      run: async () => {
        const t0 = performance.now();
        await (await benchFetch(`${parley.url}/healthz`)).text();
        const t = performance.now() - t0;
        return { first: t, total: t };
      },
    },
    { name: 'Parley /v1/chat/completions, cache hit', pid: parleyPid, run: () => completions('Where is my order?') },
    {
      name: 'Parley /v1/chat/completions, unique (upstream)',
      pid: parleyPid,
      upstream: true,
      run: () => completions(`Where is my order? ref ${(n++).toString(36)}x`),
    },
    {
      name: 'Parley /v1/chat, new conversation',
      pid: parleyPid,
      run: () =>
        timeStream(`${parley.url}/v1/chat`, JSON.stringify({ siteKey: BENCH_SITE, message: { id: 'b', text: 'Where is my order?' } })),
    },
  ];
  const only = arg('--only');
  if (only) paths.splice(0, paths.length, ...paths.filter((p) => p.name.includes(only)));
  try {
    for (const p of paths) for (let i = 0; i < 30; i++) await p.run();
    const rows: (string | number)[][] = [];
    const invalid: string[] = [];
    for (const p of paths) {
      const firsts: number[] = [];
      let errors = 0;
      const causes = new Map<string, number>();
      const fail = (cause: string) => {
        errors++;
        causes.set(cause, (causes.get(cause) ?? 0) + 1);
      };
      const calledBefore = (await receivedRequests(mock.url, 'gw-cpu')).length;
      const before = cpu(p.pid);
      for (let r = 0; r < rounds; r++) {
        const res = await Promise.all(
          Array.from({ length: 100 }, () =>
            p.run().catch((err: unknown) => ({ first: Number.NaN, total: Number.NaN, cause: errorCode(err) })),
          ),
        );
        for (const x of res) {
          if ('cause' in x) fail(x.cause);
          else if ('status' in x && x.status !== 200) fail(`HTTP ${x.status}`);
          else if (Number.isNaN(x.first)) fail('no delta');
          else firsts.push(x.first);
        }
      }
      const after = cpu(p.pid);
      const requests = rounds * 100;
      const busiest = Math.max(...after.threads.map((t, i) => t - (before.threads[i] ?? 0)));
      if (errors) invalid.push(`${p.name}: errors ${JSON.stringify(Object.fromEntries(causes))}`);
      if (p.upstream) {
        const reached = (await receivedRequests(mock.url, 'gw-cpu')).length - calledBefore;
        invalid.push(
          `${p.name}: ${reached} of ${requests} requests reached the upstream${reached < requests ? ' (INVALID: the rest were answered without it)' : ''}`,
        );
      }
      rows.push([
        p.name,
        requests,
        errors ? `${errors} (invalid)` : 0,
        ((after.total - before.total) / requests).toFixed(2),
        (busiest / requests).toFixed(2),
        percentile(firsts, 50).toFixed(1),
        percentile(firsts, 99).toFixed(1),
      ]);
    }
    reportTable(
      `workerd CPU per request at 100 concurrent (${rounds} rounds × 100; clock tick ${TICK_MS} ms)`,
      ['path', 'n', 'errors', 'CPU ms/req (process)', 'CPU ms/req (busiest thread)', 'TTFD p50', 'TTFD p99'],
      rows,
    );
    for (const line of invalid) reportNote(line);
  } finally {
    await Promise.all([parley.close(), bare.dispose(), bareKv.dispose(), mock.close()]);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await gatewayCpu();
