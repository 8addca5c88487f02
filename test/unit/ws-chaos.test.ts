/**
 * Chaos: the reference client drops its connection at random points over 200 turns (before the send
 * lands, mid-stream, after the end) and reconnects with `resume`; no delta may be lost or duplicated.
 * Runs the built Worker in workerd (serve()) against the mock upstream, all on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../shared/random';
import { setScenario } from '../fixtures/mock-client';
import { type MockUpstream, startMockUpstream } from '../fixtures/mock-upstream';
import { type Served, serve } from '../fixtures/serve';
import { ParleyWsClient } from '../fixtures/ws-client';

const REPLY = 'Thanks for waiting, the courier will ring the bell tomorrow between nine and noon.';
const CLIENTS = 4;
const TURNS_EACH = 50;

let mock: MockUpstream;
let parley: Served;

beforeAll(async () => {
  mock = await startMockUpstream();
  const base = await setScenario(mock.url, 'chaos', { calls: [{ reply: REPLY, paceMs: 2 }] });
  parley = await serve({
    port: 0,
    persist: false,
    bindings: { OPENAI_BASE_URL: base, OPENAI_API_KEY: 'chaos', OPENAI_MODEL: 'mock', VISITOR_MSGS_PER_MIN: '100000' },
  });
}, 120_000);

afterAll(async () => {
  await parley?.close();
  await mock?.close();
});

describe('reference client under random connection drops', () => {
  it(`loses and repeats no delta over ${CLIENTS * TURNS_EACH} turns`, async () => {
    const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 100_000);
    const rand = mulberry32(seed);
    const run = async (k: number) => {
      const client = new ParleyWsClient({ baseUrl: parley.url, siteKey: 'demo', origin: 'http://localhost', visitorId: `chaos-${k}` });
      await client.connect();
      for (let i = 0; i < TURNS_EACH; i++) {
        const id = `t${k}-${i}`;
        const dropAt = rand() < 0.6 ? rand() * 60 : -1;
        const timer = dropAt >= 0 ? setTimeout(() => client.drop(), dropAt) : null;
        // A distinct question each turn: a cache hit would replay at once and leave nothing to interrupt.
        const end = await client.message(id, `Where is my order number ${id}?`, 120_000);
        if (timer) clearTimeout(timer);
        expect(end, `turn ${id} (seed ${seed})`).toMatchObject({ type: 'done', finish: 'stop' });
        expect(client.textOf(id), `turn ${id} (seed ${seed})`).toBe(REPLY);
      }
      client.close();
      return client;
    };
    const clients = await Promise.all(Array.from({ length: CLIENTS }, (_, k) => run(k)));
    for (const c of clients) {
      expect({ duplicates: c.duplicates, gaps: c.gaps }, `seed ${seed}`).toEqual({ duplicates: 0, gaps: 0 });
      // meta + deltas + done per turn, every one numbered once.
      expect(c.frames.length).toBe(TURNS_EACH * (REPLY.split(' ').length + 2));
    }
    const reconnects = clients.reduce((n, c) => n + c.reconnects, 0);
    expect(reconnects).toBeGreaterThan(CLIENTS * TURNS_EACH * 0.3);
    console.log(`chaos: seed ${seed}, ${CLIENTS * TURNS_EACH} turns, ${reconnects} reconnects, 0 lost, 0 duplicated`);
  }, 300_000); // ~20 s on an idle 2-core machine; generous because CI shares the cores.
});
