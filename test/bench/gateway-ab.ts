/**
 * Before/after for the gateway at 100 concurrent streams: a baseline checkout's built Worker and this one,
 * each in its own workerd, with the bare pass-through floor, measured in interleaved rounds so that other
 * load on a shared machine hits every variant alike. Prints TTFD p50/p99 and workerd CPU per request.
 *
 *   git archive <base> | tar -x -C /tmp/base && (cd /tmp/base && ln -s $PWD/node_modules && npm run build)
 *   tsx test/bench/gateway-ab.ts --baseline /tmp/base [--rounds 10]
 */
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import { setScenario } from '../fixtures/mock-client';
import { startMockUpstream } from '../fixtures/mock-upstream';
import { type Served, serve } from '../fixtures/serve';
import { benchApiKey, PASS_THROUGH } from './gateway';
import { BENCH_UPSTREAM_LIMITS, cpu, percentile, printTable, signed, timeStream, workerdPids } from './measure';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};

interface Variant {
  name: string;
  pid: number;
  run: () => Promise<{ first: number; total: number }>;
  firsts: number[];
  errors: number;
  cpuMs: number;
}

/** Run interleaved rounds of 100 concurrent requests per variant and print the comparison. */
export async function gatewayAb(): Promise<void> {
  const baseline = arg('--baseline');
  if (!baseline) throw new Error('--baseline DIR (a built checkout) is required');
  const rounds = Number(arg('--rounds') ?? 10);
  const mock = await startMockUpstream(0, BENCH_UPSTREAM_LIMITS);
  const base = await setScenario(mock.url, 'gw-ab', { calls: [{ reply: 'Thanks for asking, your order ships tomorrow morning.' }] });
  const bindings = { FAQ_PACE_MS: '0', OPENAI_BASE_URL: base, OPENAI_API_KEY: 'bench', OPENAI_MODEL: 'mock', ADMIN_TOKEN: 'bench-admin' };
  const bare = new Miniflare({ modules: true, script: PASS_THROUGH, host: '127.0.0.1', port: 0, bindings: { UPSTREAM: base } });
  const bareUrl = (await bare.ready).toString().replace(/\/$/, '');
  const barePid = workerdPids().at(-1) as number;
  const before = await serve({ port: 0, persist: false, root: baseline, bindings });
  const beforePid = workerdPids().at(-1) as number;
  const after = await serve({ port: 0, persist: false, bindings });
  const afterPid = workerdPids().at(-1) as number;
  const upstreamBody = JSON.stringify({ model: 'mock', stream: true, messages: [{ role: 'user', content: 'Where is my order?' }] });
  let n = 0;
  const completions = async (s: Served, pid: number, label: string, unique: boolean): Promise<Variant> => {
    const key = await benchApiKey(s);
    return {
      name: `${label} /v1/chat/completions, ${unique ? 'cache miss' : 'cache hit'}`,
      pid,
      firsts: [],
      errors: 0,
      cpuMs: 0,
      run: () =>
        timeStream(
          `${s.url}/v1/chat/completions`,
          JSON.stringify({
            model: 'parley-default',
            stream: true,
            messages: [{ role: 'user', content: unique ? `Where is my order? ref q${(n++).toString(36)}z` : 'Where is my order?' }],
          }),
          { authorization: `Bearer ${key}` },
        ),
    };
  };
  const chat = (s: Served, pid: number, label: string): Variant => ({
    name: `${label} /v1/chat`,
    pid,
    firsts: [],
    errors: 0,
    cpuMs: 0,
    run: () => timeStream(`${s.url}/v1/chat`, JSON.stringify({ siteKey: 'demo', message: { id: 'b', text: 'Where is my order?' } })),
  });
  const variants: Variant[] = [
    { name: 'bare pass-through Worker', pid: barePid, firsts: [], errors: 0, cpuMs: 0, run: () => timeStream(bareUrl, upstreamBody) },
    await completions(before, beforePid, 'before', false),
    await completions(after, afterPid, 'after', false),
    await completions(before, beforePid, 'before', true),
    await completions(after, afterPid, 'after', true),
    chat(before, beforePid, 'before'),
    chat(after, afterPid, 'after'),
  ];
  try {
    for (const v of variants) for (let i = 0; i < 30; i++) await v.run();
    for (let r = 0; r < rounds; r++) {
      for (const v of variants) {
        const c0 = cpu(v.pid).total;
        const res = await Promise.all(Array.from({ length: 100 }, () => v.run().catch(() => ({ first: Number.NaN, total: Number.NaN }))));
        v.cpuMs += cpu(v.pid).total - c0;
        for (const x of res) {
          if (Number.isNaN(x.first)) v.errors++;
          else v.firsts.push(x.first);
        }
      }
    }
    const floor = variants[0] as Variant;
    const f50 = percentile(floor.firsts, 50);
    const f99 = percentile(floor.firsts, 99);
    console.log(`\nGateway before/after at 100 concurrent streams (${rounds} interleaved rounds × 100 per variant; ms)`);
    printTable(
      ['variant', 'n', 'errors', 'TTFD p50', 'TTFD p99', 'added vs pass-through p50 / p99', 'workerd CPU ms/request'],
      variants.map((v) => {
        const p50 = percentile(v.firsts, 50);
        const p99 = percentile(v.firsts, 99);
        return [
          v.name,
          v.firsts.length + v.errors,
          v.errors,
          p50.toFixed(1),
          p99.toFixed(1),
          `${signed(p50 - f50, 1)} / ${signed(p99 - f99, 1)}`,
          (v.cpuMs / (rounds * 100)).toFixed(2),
        ];
      }),
    );
  } finally {
    await Promise.all([before.close(), after.close(), bare.dispose(), mock.close()]);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await gatewayAb();
