/**
 * Embedding: the demo page, a page with a hostile stylesheet, a strict-CSP page, the queue API before
 * load, and the data-* options. Host pages are served from another origin than Parley, as on a real site.
 */
import type { Page } from '@playwright/test';
import { ask, expect, test } from './fixtures';
import { type HostServer, shopPage, startHost } from './host-server';

let host: HostServer;
test.beforeAll(async () => {
  host = await startHost();
});
test.afterAll(async () => host.close());

/** Computed styles and boxes of the host page's own elements, to prove the widget changes none of them. */
const hostSnapshot = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('body *:not(script)')].map((el) => {
      const cs = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return `${el.tagName}#${el.id} ${cs.font} ${cs.color} ${cs.backgroundColor} ${cs.margin} ${r.x},${r.y},${r.width},${r.height}`;
    }),
  );

test('on the demo page: only window.Parley is added, nothing on the page moves, and a question gets an answer', async ({
  page,
  parley,
}) => {
  const bare = host.set('/bare', { body: shopPage(parley.url).replace(/<script src=[^>]+><\/script>/, '') });
  const withWidget = host.set('/plain', { body: shopPage(parley.url) });
  await page.goto(bare);
  const before = await page.evaluate(() => Object.keys(window));
  const snapBefore = await hostSnapshot(page);
  await page.addInitScript(() => {
    const w = window as unknown as { __cls: number };
    w.__cls = 0;
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) w.__cls += (e as unknown as { value: number }).value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(withWidget);
  await expect(page.getByRole('button', { name: 'Open support chat' })).toBeVisible();
  const after = await page.evaluate(() => Object.keys(window).filter((k) => k !== '__cls'));
  expect(after.filter((k) => !before.includes(k))).toEqual(['Parley']);
  expect(await hostSnapshot(page)).toEqual(snapBefore);
  expect(await page.evaluate(() => (window as unknown as { __cls: number }).__cls)).toBe(0);
  expect(await page.evaluate(() => document.adoptedStyleSheets.length + document.styleSheets.length)).toBe(0);

  await page.goto(`${parley.url}/`);
  await page.getByRole('button', { name: 'Open support chat' }).click();
  // The welcome text and the theme colour come from the demo site's config.
  await expect(page.getByRole('log')).toContainText('I am the Lantern & Leaf assistant');
  const head = page.locator('parley-chat .head');
  await expect(head).toHaveCSS('background-color', 'rgb(15, 118, 110)');
  await ask(page, 'How do I return an item?');
  // Markdown from the reply is rendered as markup, not shown as asterisks.
  await expect(page.getByRole('log').locator('strong', { hasText: 'Account → Orders → Return' })).toBeVisible();
});

// Everything a reset or a careless theme does to every element. (A transform, filter or opacity on <html>
// itself applies to the whole rendered page, the widget included; no embed can escape its root, so only
// <body> and its descendants get those.)
const HOSTILE_CSS = `*{all:unset!important;font-size:40px!important;color:red!important;background:yellow!important;
display:block!important;position:static!important;z-index:-1!important;line-height:9!important;box-sizing:content-box!important}
body,body *{opacity:.3!important;transform:scale(.3) rotate(9deg)!important;filter:invert(1)!important}
parley-chat,parley-chat *,button,textarea,[role=dialog]{display:none!important;visibility:hidden!important}
html{--pc:#ff0!important;--bg:#000!important;--fg:#f00!important;font-size:5px!important;direction:rtl!important}
body{transform:translateZ(0)!important;overflow:hidden!important}
#cover{position:fixed!important;right:0!important;bottom:0!important;width:320px!important;height:320px!important;z-index:2147483646!important}`;

test('a hostile host stylesheet cannot hide, restyle or cover the widget', async ({ page, parley }) => {
  host.set('/hostile.css', { body: HOSTILE_CSS, type: 'text/css' });
  const url = host.set('/hostile', {
    body: shopPage(parley.url, {}, '<link rel="stylesheet" href="/hostile.css">').replace('</main>', '<div id="cover">cover</div></main>'),
  });
  await page.goto(url);
  const launcher = page.getByRole('button', { name: 'Open support chat' });
  await expect(launcher).toBeVisible();
  const box = await launcher.boundingBox();
  const vp = page.viewportSize();
  if (!box || !vp) throw new Error('no launcher box');
  expect(box.width).toBe(56);
  expect(vp.width - (box.x + box.width)).toBe(20);
  expect(vp.height - (box.y + box.height)).toBe(20);
  // Above the host's own max-z-index overlay: the topmost element at the launcher's centre is the widget.
  expect(await page.evaluate((p) => document.elementFromPoint(p.x, p.y)?.tagName, { x: box.x + 28, y: box.y + 28 })).toBe('PARLEY-CHAT');
  await launcher.click();
  const dialog = page.getByRole('dialog', { name: 'Support' });
  await expect(dialog).toBeVisible();
  expect((await dialog.boundingBox())?.width).toBe(370);
  await expect(dialog).toHaveCSS('direction', 'ltr');
  await expect(dialog).toHaveCSS('opacity', '1');
  await expect(page.locator('parley-chat .head')).toHaveCSS('background-color', 'rgb(15, 118, 110)');
  await expect(page.getByRole('textbox', { name: 'Your message' })).toHaveCSS('font-size', '16px');
  await ask(page, 'How long does shipping take?');
  await expect(page.getByRole('log')).toContainText('Shipping is free on orders over $49.');
});

test('works on a strict-CSP page (no unsafe-inline, no unsafe-eval, no nonce) with zero violations', async ({ page, parley }) => {
  const origin = parley.url;
  const csp = `default-src 'self'; script-src 'self' ${origin}; style-src 'self' ${origin}; connect-src 'self' ${origin} ${origin.replace('http', 'ws')}`;
  const url = host.set('/csp', { body: shopPage(origin), headers: { 'content-security-policy': csp } });
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`Refused to ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await page.goto(url);
  await page.getByRole('button', { name: 'Open support chat' }).click();
  await expect(page.locator('parley-chat .head')).toHaveCSS('background-color', 'rgb(15, 118, 110)');
  await ask(page, 'How long does shipping take?');
  await expect(page.getByRole('log')).toContainText('Shipping is free on orders over $49.');
  expect(violations).toEqual([]);
});

test('the queue API works before the script loads, and events report what happened', async ({ page, parley }) => {
  const stub = `<script>
window.Parley = window.Parley || function(){(Parley.q=Parley.q||[]).push(arguments)};
window.__events = [];
['ready','open','close','message','unread','error'].forEach(function(n){ Parley('on', n, function(d){ __events.push([n, d]); }); });
Parley('open');
Parley('send', 'How long does shipping take?');
</script>`;
  await page.goto(host.set('/queue', { body: shopPage(parley.url, {}, stub) }));
  const log = page.getByRole('dialog', { name: 'Support' }).getByRole('log');
  await expect(log).toContainText('Shipping is free on orders over $49.');
  const names = () => page.evaluate(() => (window as unknown as { __events: [string, unknown][] }).__events.map((e) => e[0]));
  await expect.poll(names).toEqual(expect.arrayContaining(['ready', 'open', 'message']));
  const msg = await page.evaluate(
    () => (window as unknown as { __events: [string, { role?: string; text?: string }][] }).__events.find((e) => e[0] === 'message')?.[1],
  );
  expect(msg?.role).toBe('assistant');
  expect(msg?.text).toContain('Orders ship within 1 business day');

  // Replies that arrive while closed raise the unread badge, and opening clears it.
  await page.evaluate(() => {
    const P = (window as unknown as { Parley: (...a: unknown[]) => void }).Parley;
    P('close');
    P('send', 'What are your opening hours?');
  });
  await expect(page.getByRole('button', { name: 'Open support chat (1 unread)' })).toBeVisible();
  await expect(page.locator('parley-chat .badge')).toHaveText('1');
  await expect.poll(names).toEqual(expect.arrayContaining(['close', 'unread']));
  await page.evaluate(() => (window as unknown as { Parley: (...a: unknown[]) => void }).Parley('toggle'));
  await expect(page.getByRole('dialog', { name: 'Support' })).toContainText('Monday to Friday');
  await page.evaluate(() => (window as unknown as { Parley: (...a: unknown[]) => void }).Parley('setLocale', 'zh'));
  await expect(page.getByRole('dialog', { name: '在线客服' })).toBeVisible();
});

test('data-* options: position, colour, locale, open on load; and a hidden launcher', async ({ page, parley }) => {
  await page.goto(host.set('/opts', { body: shopPage(parley.url, { position: 'left', color: '#7c3aed', locale: 'zh', open: 'true' }) }));
  const dialog = page.getByRole('dialog', { name: '在线客服' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('log')).toContainText('灯笼与茶叶的智能助手');
  await expect(page.locator('parley-chat .head')).toHaveCSS('background-color', 'rgb(124, 58, 237)');
  await dialog.getByRole('button', { name: '关闭聊天' }).click();
  const box = await page.getByRole('button', { name: '打开客服聊天' }).boundingBox();
  expect(box?.x).toBe(20);

  await page.goto(host.set('/hidden', { body: shopPage(parley.url, { launcher: 'hidden' }) }));
  await expect(page.locator('parley-chat')).toBeAttached();
  await expect(page.getByRole('button', { name: 'Open support chat' })).toHaveCount(0);
  await page.evaluate(() => (window as unknown as { Parley: (c: string) => void }).Parley('open'));
  await expect(page.getByRole('dialog', { name: 'Support' })).toBeVisible();
});
