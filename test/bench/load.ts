/**
 * Load: N concurrent conversations × T turns over WebSocket (the reference client) against the built
 * Worker in workerd and the mock upstream, all on 127.0.0.1. Reports turns/s, time to first delta
 * (send → first delta) p50/p99, errors, and lost/duplicated frames. Bounded in count and time.
 *
 *   BENCH_WS_CONVERSATIONS (default 1000), BENCH_WS_TURNS (default 3), BENCH_WS_DEADLINE_MS (default 180000)
 */
import { setScenario } from '../fixtures/mock-client';
import { startMockUpstream } from '../fixtures/mock-upstream';
import { ParleyWsClient } from '../fixtures/ws-client';
import { BENCH_SITE, serveBench } from './bench-site';
import { BENCH_UPSTREAM_LIMITS, percentile } from './measure';
import { reportNote, reportTable } from './report';

const REPLY = 'Thanks for asking, your order ships tomorrow morning from our Berlin warehouse.';

/** Run the WebSocket load benchmark and print its figures. */
export async function loadBench(): Promise<void> {
  const conversations = Number(process.env.BENCH_WS_CONVERSATIONS ?? 1000);
  const turns = Number(process.env.BENCH_WS_TURNS ?? 3);
  const deadline = Date.now() + Number(process.env.BENCH_WS_DEADLINE_MS ?? 180_000);
  const mock = await startMockUpstream(0, BENCH_UPSTREAM_LIMITS);
  const base = await setScenario(mock.url, 'load', { calls: [{ reply: REPLY, paceMs: Number(process.env.BENCH_WS_PACE_MS ?? 5) }] });
  const parley = await serveBench({
    port: 0,
    persist: false,
    bindings: { OPENAI_BASE_URL: base, OPENAI_API_KEY: 'bench', OPENAI_MODEL: 'mock' },
  });
  const ttfd: number[] = [];
  let errors = 0;
  let lost = 0;
  let duplicated = 0;
  let completed = 0;
  const errorKinds = new Map<string, number>();
  const fail = (kind: string) => {
    errors++;
    errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
  };
  const clients: ParleyWsClient[] = [];
  try {
    // Open every conversation first (in batches, as a fleet of apps would ramp), then run all turns at once.
    for (let i = 0; i < conversations; i += 100) {
      const batch = Array.from({ length: Math.min(100, conversations - i) }, (_, j) => {
        const c = new ParleyWsClient({
          baseUrl: parley.url,
          siteKey: BENCH_SITE,
          origin: 'http://localhost',
          visitorId: `load-${i + j}`,
          autoReconnect: false,
        });
        clients.push(c);
        return c.connect().catch(() => fail('connect'));
      });
      await Promise.all(batch);
    }
    const t0 = performance.now();
    await Promise.all(
      clients.map(async (c, k) => {
        for (let t = 0; t < turns && Date.now() < deadline; t++) {
          const id = `l${k}-${t}`;
          const sent = performance.now();
          let first = Number.NaN;
          const off = c.subscribe((f) => {
            if (Number.isNaN(first) && f.type === 'delta' && f.messageId === id) first = performance.now() - sent;
          });
          try {
            const end = await c.message(id, 'Where is my order?', Math.max(1, deadline - Date.now()));
            if (end.type === 'error') fail(end.code);
            else if (c.textOf(id) !== REPLY) lost++;
            else {
              completed++;
              ttfd.push(first);
            }
          } catch {
            fail('timeout');
          } finally {
            off();
          }
        }
      }),
    );
    const secs = (performance.now() - t0) / 1000;
    for (const c of clients) {
      duplicated += c.duplicates;
      lost += c.gaps;
    }
    reportTable(
      `WebSocket load: ${conversations} concurrent conversations × ${turns} turns (mock upstream, 127.0.0.1)`,
      ['turns ok', 'turns/s', 'first delta p50 (ms)', 'first delta p99 (ms)', 'errors', 'lost', 'duplicated'],
      [
        [
          completed,
          (completed / secs).toFixed(1),
          percentile(ttfd, 50).toFixed(1),
          percentile(ttfd, 99).toFixed(1),
          errors,
          lost,
          duplicated,
        ],
      ],
    );
    if (errorKinds.size) reportNote(`errors by kind: ${JSON.stringify(Object.fromEntries(errorKinds))}`);
  } finally {
    for (const c of clients) c.close();
    await Promise.all([parley.close(), mock.close()]);
  }
}
