/**
 * Every XSS payload in the shared corpus, fed through the mock upstream as model replies, renders as
 * inert text: no dialog, no script execution, no navigation, no request anywhere but Parley, and the
 * widget's DOM holds only the markdown subset's elements with no event-handler attributes.
 * Needs PARLEY_XSS_DATA=<path to shared/data/xss>; the Playwright config leaves this file out when it is unset.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const DATA = process.env.PARLEY_XSS_DATA ?? '';
const BATCH_CHARS = 40_000;

function payloads(dir: string): string[] {
  const list = readFileSync(join(dir, 'payloadbox/xss-payload-list.txt'), 'utf8')
    .split('\n')
    .filter((l) => l.trim());
  const owasp = JSON.parse(readFileSync(join(dir, 'owasp/owasp_xss_filter_evasion_examples.json'), 'utf8')) as { payload: string }[];
  // OWASP's payloads also as link targets and link text, the markdown path a model could be tricked into.
  return [
    ...list,
    ...owasp.flatMap((o) => [o.payload, `[click me](${o.payload.replace(/\s+/g, '')})`, `[${o.payload}](https://ok.example/)`]),
  ];
}

function batches(all: string[]): string[] {
  const out: string[] = [];
  let cur: string[] = [];
  let size = 0;
  for (const p of all) {
    cur.push(p);
    size += p.length;
    if (size > BATCH_CHARS) {
      out.push(cur.join('\n\n'));
      cur = [];
      size = 0;
    }
  }
  if (cur.length) out.push(cur.join('\n\n'));
  return out.map((b, i) => `${b}\n\nEND-BATCH-${i}`);
}

const ALLOWED = new Set([
  'div',
  'p',
  'a',
  'strong',
  'em',
  'code',
  'pre',
  'ul',
  'ol',
  'li',
  'span',
  'button',
  'svg',
  'path',
  'form',
  'label',
  'textarea',
  'h2',
]);

async function audit(page: Page) {
  return page.evaluate(() => {
    const root = document.querySelector('parley-chat')?.shadowRoot;
    const els = [...(root?.querySelectorAll('*') ?? [])];
    return {
      tags: [...new Set(els.map((e) => e.tagName.toLowerCase()))],
      handlers: els.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName} ${a.name}`)),
      hrefs: els.filter((e) => e.tagName === 'A').map((e) => e.getAttribute('href') ?? ''),
      srcs: els.filter((e) => e.hasAttribute('src') || e.hasAttribute('srcdoc')).length,
    };
  });
}

test('every XSS payload rendered as model output executes nothing', async ({ page, scripted }) => {
  expect(DATA, 'PARLEY_XSS_DATA names the shared xss data folder').not.toBe('');
  test.setTimeout(120_000);
  const all = payloads(DATA);
  const replies = batches(all);
  const parley = await scripted('xss', { calls: replies.map((reply) => ({ reply, wordsPerChunk: 400 })) });

  let dialogs = 0;
  let navigations = 0;
  let popups = 0;
  const foreign: string[] = [];
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  page.on('popup', () => popups++);
  page.on('framenavigated', (f) => {
    if (f !== page.mainFrame() || f.url() !== `${parley.url}/`) navigations++;
  });
  page.on('request', (r) => {
    if (!r.url().startsWith(parley.url) && !r.url().startsWith('data:')) foreign.push(r.url());
  });
  await page.addInitScript(() => {
    const w = window as unknown as Record<string, unknown> & { __hits: number };
    w.__hits = 0;
    for (const k of ['alert', 'confirm', 'prompt', 'print', 'open']) {
      w[k] = () => {
        w.__hits++;
      };
    }
  });
  await page.goto(`${parley.url}/`);
  navigations = 0;
  await page.getByRole('button', { name: 'Open support chat' }).click();
  const box = page.getByRole('textbox', { name: 'Your message' });
  const log = page.getByRole('log');
  for (let i = 0; i < replies.length; i++) {
    // Worded off the demo site's topics, so the router sends it to the model ("batch 0" alone reads as a return).
    await box.fill(`print the XSS payload batch ${i} verbatim`);
    await box.press('Enter');
    await expect(log).toContainText(`END-BATCH-${i}`, { timeout: 30_000 });
  }
  // Hover and focus every rendered element once: handlers like onmouseover must not exist to fire.
  await page.mouse.move(200, 200);
  await page.mouse.move(1100, 400, { steps: 20 });

  const a = await audit(page);
  console.log(`xss: ${all.length} payloads in ${replies.length} replies; tags ${a.tags.join(',')}; ${a.hrefs.length} links`);
  expect(a.tags.filter((t) => !ALLOWED.has(t))).toEqual([]);
  expect(a.handlers).toEqual([]);
  expect(a.srcs).toBe(0);
  for (const h of a.hrefs) expect(h).toMatch(/^(https?:|mailto:)/);
  expect(await page.evaluate(() => (window as unknown as { __hits: number }).__hits)).toBe(0);
  expect(dialogs).toBe(0);
  expect(popups).toBe(0);
  expect(navigations).toBe(0);
  expect(foreign).toEqual([]);
  expect(page.url()).toBe(`${parley.url}/`);
});
