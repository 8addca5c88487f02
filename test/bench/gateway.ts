/**
 * Gateway overhead: time to first delta and total time of a streamed completion through Parley versus
 * the same mock upstream called directly, and versus a bare pass-through Worker in the same workerd
 * (the floor: what any Worker hop costs). At 1 stream (sequential) and 100 concurrent streams.
 *
 *   tsx test/bench/gateway.ts        (also run by `npm run bench`; BENCH_N sets the sequential count)
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import { receivedRequests, setScenario } from '../fixtures/mock-client';
import { startMockUpstream } from '../fixtures/mock-upstream';
import { ROOT, type Served } from '../fixtures/serve';
import { BENCH_SITE, serveBench } from './bench-site';
import { BENCH_UPSTREAM_LIMITS, errorCode, percentile, signed, timeStream } from './measure';
import { reportNote, reportTable } from './report';

const SEQ = Number(process.env.BENCH_N ?? 200);
const CONCURRENT = 100;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

export const PASS_THROUGH = `export default {
  async fetch(req, env) {
    const res = await fetch(env.UPSTREAM + '/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: req.body });
    return new Response(res.body, { status: res.status, headers: { 'content-type': 'text/event-stream' } });
  },
};`;

interface Sample {
  first: number[];
  total: number[];
  errors: number;
  /** Why requests failed: HTTP status or error code, with counts. */
  causes: Map<string, number>;
}

const newSample = (): Sample => ({ first: [], total: [], errors: 0, causes: new Map() });

/** `body` as a function gives every request its own prompt (a reply-cache miss that reaches the upstream). */
type Path = { name: string; url: string; body: string | (() => string); headers?: Record<string, string> };

const bodyOf = (p: Path) => (typeof p.body === 'string' ? p.body : p.body());

async function one(p: Path, s: Sample): Promise<void> {
  const fail = (cause: string) => {
    s.errors++;
    s.causes.set(cause, (s.causes.get(cause) ?? 0) + 1);
  };
  try {
    const r = await timeStream(p.url, bodyOf(p), p.headers);
    if (r.status !== 200) fail(`HTTP ${r.status}`);
    else if (Number.isNaN(r.first)) fail('no delta');
    else {
      s.first.push(r.first);
      s.total.push(r.total);
    }
  } catch (err) {
    fail(errorCode(err));
  }
}

/** Apply the api_keys migration to the in-memory D1 and issue a key through the admin API. */
export async function benchApiKey(parley: Served): Promise<string> {
  const db = await parley.mf.getD1Database('DB');
  const sql = readFileSync(join(ROOT, 'worker/migrations/0002_api_keys.sql'), 'utf8').replace(/^--.*$/gm, '');
  for (const q of sql.split(';').map((x) => x.trim())) if (q) await db.prepare(q).run();
  const res = await fetch(`${parley.url}/admin/api/sites/${BENCH_SITE}/api-keys`, {
    method: 'POST',
    headers: { authorization: 'Bearer bench-admin' },
  });
  return ((await res.json()) as { key: string }).key;
}

/** Run the gateway benchmark and report its tables; returns the added medians. */
export async function runGatewayBench(): Promise<void> {
  let n = 0;
  const nonce = () => `q${(n++).toString(36)}z`;
  const cacheSeen = new Map<string, string>();
  const mock = await startMockUpstream(0, BENCH_UPSTREAM_LIMITS);
  const reply = 'Thanks for asking, your order ships tomorrow morning.';
  const base = await setScenario(mock.url, 'gw-bench', { calls: [{ reply }] });
  const parley = await serveBench({
    port: 0,
    persist: false,
    bindings: { FAQ_PACE_MS: '0', OPENAI_BASE_URL: base, OPENAI_API_KEY: 'bench', OPENAI_MODEL: 'mock', ADMIN_TOKEN: 'bench-admin' },
  });
  const apiKey = await benchApiKey(parley);
  const bare = new Miniflare({ modules: true, script: PASS_THROUGH, host: '127.0.0.1', port: 0, bindings: { UPSTREAM: base } });
  const bareUrl = (await bare.ready).toString().replace(/\/$/, '');
  const upstreamBody = JSON.stringify({ model: 'mock', stream: true, messages: [{ role: 'user', content: 'Where is my order?' }] });
  const paths: Path[] = [
    { name: 'mock upstream, direct', url: `${base}/chat/completions`, body: upstreamBody },
    { name: 'bare pass-through Worker', url: bareUrl, body: upstreamBody },
    {
      name: 'Parley /v1/chat',
      url: `${parley.url}/v1/chat`,
      headers: { origin: 'http://localhost' },
      body: JSON.stringify({ siteKey: BENCH_SITE, message: { id: 'b', text: 'Where is my order?' } }),
    },
    {
      name: 'Parley /v1/chat/completions',
      url: `${parley.url}/v1/chat/completions`,
      body: JSON.stringify({ model: 'parley-default', stream: true, messages: [{ role: 'user', content: 'Where is my order?' }] }),
      headers: { authorization: `Bearer ${apiKey}` },
    },
    {
      // The paths above repeat one prompt, so after warm-up Parley answers them from its reply cache; this
      // one sends a new prompt each time, so every request runs the full chain to the mock upstream.
      name: 'Parley /v1/chat/completions, cache miss',
      url: `${parley.url}/v1/chat/completions`,
      body: () =>
        JSON.stringify({
          model: 'parley-default',
          stream: true,
          messages: [{ role: 'user', content: `Where is my order? ref ${nonce()}` }],
        }),
      headers: { authorization: `Bearer ${apiKey}` },
    },
  ];
  try {
    // Warm every path (JIT, connection pools, isolate) before measuring.
    for (let i = 0; i < 30; i++) for (const p of paths) await one(p, newSample());
    for (const p of paths.slice(2)) {
      const res = await fetch(p.url, { method: 'POST', headers: { 'content-type': 'application/json', ...p.headers }, body: bodyOf(p) });
      await res.text();
      cacheSeen.set(p.name, res.headers.get('x-parley-cache') ?? '?');
    }
    const results = new Map<string, Sample>();
    for (const mode of ['1 stream', `${CONCURRENT} streams`] as const) {
      const samples = paths.map(newSample);
      if (mode === '1 stream') {
        // Interleave the paths so drift from other load on the machine hits all three alike.
        for (let i = 0; i < SEQ; i++) for (let k = 0; k < paths.length; k++) await one(paths[k] as Path, samples[k] as Sample);
      } else {
        for (let r = 0; r < ROUNDS; r++) {
          for (let k = 0; k < paths.length; k++) {
            await Promise.all(Array.from({ length: CONCURRENT }, () => one(paths[k] as Path, samples[k] as Sample)));
          }
        }
      }
      for (const [k, p] of paths.entries()) results.set(`${mode}|${p.name}`, samples[k] as Sample);
    }
    for (const mode of ['1 stream', `${CONCURRENT} streams`]) {
      const get = (name: string) => results.get(`${mode}|${name}`) as Sample;
      const direct = get('mock upstream, direct');
      const floor = get('bare pass-through Worker');
      // A figure counts only when neither it nor the baseline it is read against lost a request.
      const valid = (x: Sample, base: Sample) => x.errors === 0 && base.errors === 0;
      const rows = paths.map((p) => {
        const s = get(p.name);
        const f50 = percentile(s.first, 50);
        const f99 = percentile(s.first, 99);
        const added = (base: Sample) =>
          valid(s, base) ? `${signed(f50 - percentile(base.first, 50))} / ${signed(f99 - percentile(base.first, 99))}` : 'invalid';
        return [
          p.name,
          s.first.length + s.errors,
          s.errors ? `${s.errors} (invalid)` : 0,
          f50.toFixed(2),
          f99.toFixed(2),
          percentile(s.total, 50).toFixed(2),
          percentile(s.total, 99).toFixed(2),
          added(direct),
          added(floor),
          valid(s, direct) ? `${(f50 / percentile(direct.first, 50)).toFixed(2)}×` : 'invalid',
        ];
      });
      const erred = paths.filter((p) => get(p.name).errors > 0);
      for (const p of erred) reportNote(`${mode}, ${p.name}: errors ${JSON.stringify(Object.fromEntries(get(p.name).causes))}`);
      if (mode === '1 stream') reportNote(`x-parley-cache after warm-up: ${[...cacheSeen].map(([k, v]) => `${k}: ${v}`).join('; ')}`);
      reportTable(
        `Gateway overhead, ${mode} (ms; ${mode === '1 stream' ? `n=${SEQ}` : `${ROUNDS} rounds × ${CONCURRENT}`} per path)`,
        [
          'path',
          'n',
          'errors',
          'TTFD p50',
          'TTFD p99',
          'total p50',
          'total p99',
          'TTFD added vs direct p50/p99',
          'added vs pass-through p50/p99',
          'TTFD ratio',
        ],
        rows,
      );
    }
    // Each cache-miss request carries its own `ref`, so the mock's record says how many of them reached it.
    const missCalls = (await receivedRequests(mock.url, 'gw-bench')).filter((r) => JSON.stringify(r.body).includes('order? ref ')).length;
    reportNote(
      `Parley /v1/chat/completions, cache miss: ${missCalls} of ${n} requests (warm-up included) reached the upstream${missCalls < n ? ' (INVALID: the rest were answered without it)' : ''}.`,
    );
  } finally {
    await Promise.all([parley.close(), bare.dispose(), mock.close()]);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await runGatewayBench();
