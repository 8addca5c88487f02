/**
 * A load run for the console: a few hundred turns against a served Parley (mock upstream for the
 * model, with slow first tokens and some 5xx), then the dashboard's figures printed and screenshots of
 * the console taken in Chromium. Bounded in count, 127.0.0.1 only, stops by itself.
 *
 *   tsx test/bench/console-load.ts [--turns 300] [--shots /tmp/parley-shots]
 */
import { mkdirSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { mulberry32 } from '../../shared/random';
import type { Behaviour } from '../fixtures/mock-client';
import { setScenario } from '../fixtures/mock-client';
import { startMockUpstream } from '../fixtures/mock-upstream';
import { BENCH_SITE, serveBench } from './bench-site';

const arg = (name: string, d: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? d) : d;
};
const TURNS = Math.min(Number(arg('turns', '300')), 2000);
const SHOTS = arg('shots', '');
const ADMIN = 'console-load-admin-token';

const QUESTIONS = [
  'Where is my order?',
  'How long does shipping take?',
  'How do I return an item?',
  'When will I get my refund?',
  'I forgot my password',
  'Which payment methods do you accept?',
  'How do I brew green tea?',
  'hello',
  'thank you',
  '发货要多久？',
  'Can you recommend a tea for someone who likes coffee and chocolate?',
  'My parcel arrived damaged and the box was wet, what now?',
  'Do your teas contain any allergens like nuts or gluten?',
];

/** A deterministic mix of upstream behaviours: mostly fine, some slow first tokens, a few 5xx. */
function behaviours(n: number): Behaviour[] {
  const rnd = mulberry32(42);
  return Array.from({ length: n }, () => {
    const r = rnd();
    if (r < 0.06) return { status: 503 };
    return {
      reply: 'Thanks for asking. Our team suggests a Tieguanyin oolong: roasted, smooth, with a long finish.',
      firstTokenMs: r < 0.15 ? 700 + Math.round(rnd() * 600) : 30 + Math.round(rnd() * 250),
      paceMs: 2,
      usage: { prompt_tokens: 180 + Math.round(rnd() * 200), completion_tokens: 20 + Math.round(rnd() * 40), prompt_cache_hit_tokens: 64 },
    };
  });
}

async function main(): Promise<void> {
  const mock = await startMockUpstream();
  const base = await setScenario(mock.url, 'load', { calls: behaviours(TURNS) });
  const parley = await serveBench({
    port: 0,
    persist: false,
    bindings: { FAQ_PACE_MS: '2', OPENAI_BASE_URL: base, OPENAI_API_KEY: 'load', OPENAI_MODEL: 'mock-chat', ADMIN_TOKEN: ADMIN },
  });
  const started = Date.now();
  try {
    let next = 0;
    const failed: Record<string, number> = {};
    const worker = async () => {
      while (next < TURNS) {
        const i = next++;
        const body = JSON.stringify({
          siteKey: BENCH_SITE, // each turn a new conversation, minted by the server
          visitorId: `visitor-${i % 40}`,
          message: { id: `m${i}`, text: QUESTIONS[i % QUESTIONS.length] },
        });
        const res = await fetch(`${parley.url}/v1/chat`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: 'http://localhost' },
          body,
        }).catch((e: Error) => e);
        if (res instanceof Error) {
          failed[`network ${res.message}`] = (failed[`network ${res.message}`] ?? 0) + 1;
          continue;
        }
        const text = await res.text().catch(() => '');
        if (!res.ok) {
          const code = /"code":"([a-z_]+)"/.exec(text)?.[1] ?? 'unknown';
          failed[`${res.status} ${code}`] = (failed[`${res.status} ${code}`] ?? 0) + 1;
        }
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    const secs = (Date.now() - started) / 1000;
    // Audit rows are written after the response (waitUntil): give them a moment.
    await new Promise((r) => setTimeout(r, 1500));
    const summary = (await (
      await fetch(`${parley.url}/admin/api/metrics/summary?range=hour&site=${BENCH_SITE}`, {
        headers: { authorization: `Bearer ${ADMIN}` },
      })
    ).json()) as {
      totals: Record<string, number | null>;
      byIntent: { key: string; turns: number }[];
      byTierModel: { key: string; turns: number }[];
    };
    console.log(
      `console-load: ${TURNS} turns in ${secs.toFixed(1)} s (${(TURNS / secs).toFixed(1)} turns/s), HTTP failures: ${JSON.stringify(failed)}`,
    );
    console.table([summary.totals]);
    console.table(summary.byTierModel);
    console.table(summary.byIntent.slice(0, 8));
    if (SHOTS) await screenshots(parley.url, SHOTS);
  } finally {
    await parley.close();
    await mock.close();
  }
}

async function screenshots(url: string, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const cspErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') cspErrors.push(m.text());
    });
    await page.goto(`${url}/admin`);
    await page.getByLabel('Admin token').fill(ADMIN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByText('Turns per intent').waitFor();
    await page.screenshot({ path: `${dir}/dashboard-hour.png`, fullPage: true });
    await page.getByRole('button', { name: 'Last day' }).click();
    await page.waitForTimeout(800);
    await page.screenshot({ path: `${dir}/dashboard-day.png`, fullPage: true });
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('table', { name: 'Turns' }).waitFor();
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${dir}/audit-log.png` });
    await page.getByRole('link', { name: 'Intents' }).click();
    await page.getByRole('table', { name: 'Intents in the draft' }).waitFor();
    await page.screenshot({ path: `${dir}/intents.png` });
    await page.getByRole('link', { name: 'Try it' }).click();
    await page.getByLabel('Visitor message').fill('How long does shipping take to Canada?');
    await page.getByRole('button', { name: 'Try', exact: true }).click();
    await page.getByTestId('try-reply').waitFor();
    await page.waitForTimeout(800);
    await page.screenshot({ path: `${dir}/try-it.png` });
    console.log(`screenshots in ${dir}; console errors: ${cspErrors.length ? cspErrors.join(' | ') : 'none'}`);
  } finally {
    await browser.close();
  }
}

await main();
