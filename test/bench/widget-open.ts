/**
 * Click to a usable panel: the time from a click on the launcher (no hover first, the slowest path) to the
 * chat input taking focus, enabled, in Chromium against the built Worker in workerd, on a host page from
 * another origin. Cold: a fresh browser context each run (empty HTTP cache, new connections). Warm: the
 * same context after one open, reloading the page each run (the hashed UI chunk comes from the HTTP cache).
 * A third row rests the pointer on the launcher first, on a cold cache: the chunk is fetched on that intent.
 * Bounded: a few runs each, 127.0.0.1 only.
 *
 *   tsx test/bench/widget-open.ts [--runs 5]
 */
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium } from '@playwright/test';
import { shopPage, startHost } from '../e2e/host-server';
import { serve } from '../fixtures/serve';
import { percentile } from './measure';
import { reportTable } from './report';

export interface WidgetOpenFigures {
  runs: number;
  /** Median ms from click to a focused, enabled input. */
  coldMs: number;
  warmMs: number;
  /** Cold cache, but the pointer rested on the launcher for HOVER_MS first (the chunk was fetched on intent). */
  coldHoveredMs: number;
  /** Every run, for spread. */
  cold: number[];
  warm: number[];
  coldHovered: number[];
}

/** A short rest of the pointer on the launcher before the click, as a visitor's hand makes. */
const HOVER_MS = 200;

/** In the page: click the launcher and resolve with the ms until the chat input is focused and enabled. */
function clickToUsable(): Promise<number> {
  return new Promise((resolve, reject) => {
    const root = document.querySelector('parley-chat')?.shadowRoot;
    const launcher = root?.querySelector<HTMLButtonElement>('.launcher');
    if (!root || !launcher) return reject(new Error('no launcher'));
    const start = performance.now();
    root.addEventListener('focusin', (event) => {
      const input = event.target as HTMLTextAreaElement;
      if (input.id === 'parley-input' && !input.disabled) resolve(performance.now() - start);
    });
    launcher.click();
  });
}

async function openOnce(context: BrowserContext, url: string, hoverFirst = false): Promise<number> {
  const page = await context.newPage();
  await page.goto(url);
  const launcher = page.getByRole('button', { name: 'Open support chat' });
  await launcher.waitFor();
  await page.waitForLoadState('networkidle');
  if (hoverFirst) {
    await launcher.hover();
    await page.waitForTimeout(HOVER_MS);
  }
  const ms = await page.evaluate(clickToUsable);
  await page.close();
  return ms;
}

/** Run the benchmark and print its table; returns the figures. */
export async function widgetOpenBench(runs = 5): Promise<WidgetOpenFigures> {
  const parley = await serve({ port: 0, persist: false, bindings: { FAQ_PACE_MS: '5' } });
  const host = await startHost();
  const url = host.set('/shop', { body: shopPage(parley.url) });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    });
    const cold: number[] = [];
    const coldHovered: number[] = [];
    for (let run = 0; run < runs; run++) {
      for (const [hoverFirst, into] of [
        [false, cold],
        [true, coldHovered],
      ] as const) {
        const context = await browser.newContext();
        into.push(await openOnce(context, url, hoverFirst));
        await context.close();
      }
    }
    const context = await browser.newContext();
    await openOnce(context, url); // fills the HTTP cache
    const warm: number[] = [];
    for (let run = 0; run < runs; run++) warm.push(await openOnce(context, url));
    await context.close();
    const figures = {
      runs,
      coldMs: percentile(cold, 50),
      warmMs: percentile(warm, 50),
      coldHoveredMs: percentile(coldHovered, 50),
      cold,
      warm,
      coldHovered,
    };
    const spread = (values: number[]) => `${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)}`;
    reportTable(
      `Widget: click on the launcher to a usable panel (input focused and enabled), ${runs} runs each`,
      ['cache', 'median ms', 'min–max ms'],
      [
        ['cold (fresh browser context: empty HTTP cache, new connections)', figures.coldMs.toFixed(1), spread(cold)],
        ['warm (same context, page reloaded; UI chunk from the HTTP cache)', figures.warmMs.toFixed(1), spread(warm)],
        [`cold, pointer rested on the launcher ${HOVER_MS} ms first`, figures.coldHoveredMs.toFixed(1), spread(coldHovered)],
      ],
      'Chromium against the built Worker in workerd, host page on another origin; no hover before the click except in the last row.',
    );
    return figures;
  } finally {
    await browser?.close();
    await host.close();
    await parley.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const at = process.argv.indexOf('--runs');
  await widgetOpenBench(at > 0 ? Math.min(Number(process.argv[at + 1]) || 5, 50) : 5);
}
