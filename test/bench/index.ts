/**
 * `npm run bench`: figures printed side by side in one run, on 127.0.0.1 only, bounded in count.
 * Each section starts what it measures and stops it.
 */

import { setScenario } from '../fixtures/mock-client';
import { startMockUpstream } from '../fixtures/mock-upstream';
import { serve } from '../fixtures/serve';
import { loadBench } from './load';
import { percentile, printTable, timeStream } from './measure';

const N = Number(process.env.BENCH_N ?? 200);

async function main(): Promise<void> {
  const mock = await startMockUpstream();
  const base = await setScenario(mock.url, 'bench', { calls: [{ reply: 'Thanks for asking, your order ships tomorrow morning.' }] });
  const parley = await serve({
    port: 0,
    persist: false,
    bindings: { FAQ_PACE_MS: '0', OPENAI_BASE_URL: base, OPENAI_API_KEY: 'bench', OPENAI_MODEL: 'mock' },
  });
  const faq = await serve({ port: 0, persist: false, bindings: { FAQ_PACE_MS: '0' } });
  try {
    const direct = { first: [] as number[], total: [] as number[] };
    const via = { first: [] as number[], total: [] as number[] };
    const viaFaq = { first: [] as number[], total: [] as number[] };
    const upstreamBody = JSON.stringify({ model: 'mock', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    for (let i = 0; i < N; i++) {
      const msg = JSON.stringify({ siteKey: 'demo', message: { id: `b${i}`, text: 'Where is my order?' } });
      const d = await timeStream(`${base}/chat/completions`, upstreamBody);
      const p = await timeStream(`${parley.url}/v1/chat`, msg);
      const f = await timeStream(`${faq.url}/v1/chat`, msg);
      direct.first.push(d.first);
      direct.total.push(d.total);
      via.first.push(p.first);
      via.total.push(p.total);
      viaFaq.first.push(f.first);
      viaFaq.total.push(f.total);
    }
    const row = (name: string, s: { first: number[]; total: number[] }) => [
      name,
      percentile(s.first, 50).toFixed(2),
      percentile(s.first, 99).toFixed(2),
      percentile(s.total, 50).toFixed(2),
      percentile(s.total, 99).toFixed(2),
    ];
    console.log(`\nSequential chat turns, n=${N} each (ms)`);
    printTable(
      ['path', 'first delta p50', 'first delta p99', 'total p50', 'total p99'],
      [row('mock upstream, direct', direct), row('Parley → mock upstream', via), row('Parley, built-in faq', viaFaq)],
    );
    const added = percentile(via.first, 50) - percentile(direct.first, 50);
    console.log(
      `Parley adds ${added.toFixed(2)} ms to the median first delta (ratio ${(percentile(via.first, 50) / percentile(direct.first, 50)).toFixed(2)}×).`,
    );
  } finally {
    await Promise.all([parley.close(), faq.close(), mock.close()]);
  }
}

await main();
await loadBench();
