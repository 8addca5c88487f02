/**
 * The loader costs nothing until it is wanted: before any interaction a host page fetches the loader and
 * nothing else from Parley (no UI chunk, no config, no WebSocket); hovering or focusing the launcher fetches
 * the UI chunk, opening it connects and the chat works, and the launcher never moves.
 */
import type { Page } from '@playwright/test';
import { agentReplies, ask, expect, test } from './fixtures';
import { type HostServer, shopPage, startHost } from './host-server';

let host: HostServer;
test.beforeAll(async () => {
  host = await startHost();
});
test.afterAll(async () => host.close());

/** Every request the page makes to Parley (path only) and every WebSocket it opens, in order. */
function watch(page: Page, origin: string) {
  const fetched: string[] = [];
  const sockets: string[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(origin)) fetched.push(new URL(request.url()).pathname);
  });
  page.on('websocket', (socket) => sockets.push(socket.url()));
  return { fetched, sockets };
}

const UI_CHUNK = /^\/widget-ui\.[0-9a-f]{8,}\.js$/;

test('before any interaction only the loader is fetched; hovering fetches the UI chunk, opening connects and chats', async ({
  page,
  parley,
}) => {
  const { fetched, sockets } = watch(page, parley.url);
  const stub = `<script>
window.Parley = window.Parley || function(){(Parley.q=Parley.q||[]).push(arguments)};
window.__events = [];
Parley('on', 'ready', function(){ __events.push('ready'); });
</script>`;
  await page.goto(host.set('/lazy', { body: shopPage(parley.url, {}, stub) }));
  const launcher = page.getByRole('button', { name: 'Open support chat' });
  await expect(launcher).toBeVisible();
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300);
  expect(fetched).toEqual(['/widget.js']);
  expect(sockets).toEqual([]);
  // A queued listener is not a reason to load the UI; `ready` waits for the chat to connect.
  expect(await page.evaluate(() => (window as unknown as { __events: string[] }).__events)).toEqual([]);
  const box = await launcher.boundingBox();

  const chunk = page.waitForResponse((response) => UI_CHUNK.test(new URL(response.url()).pathname));
  await launcher.hover();
  const response = await chunk;
  // Imported as a module from the host page's origin: a CORS fetch of an immutable, hashed file.
  expect(response.status()).toBe(200);
  expect(response.headers()['access-control-allow-origin']).toBe('*');
  expect(response.headers()['cache-control']).toContain('immutable');
  expect(fetched.filter((path) => UI_CHUNK.test(path))).toHaveLength(1);
  // Hovering only prepares: nothing connects until the visitor opens the chat.
  await page.waitForTimeout(200);
  expect(sockets).toEqual([]);
  expect(await launcher.boundingBox()).toEqual(box);

  await launcher.click();
  const dialog = page.getByRole('dialog', { name: 'Support' });
  await expect(dialog).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Your message' })).toBeFocused();
  await expect.poll(() => sockets.length).toBe(1);
  await expect(dialog.getByRole('log')).toContainText('I am the Lantern & Leaf assistant');
  await ask(page, 'How long does shipping take?');
  await expect(dialog.getByRole('log')).toContainText('Shipping is free on orders over $49.');
  expect(await page.evaluate(() => (window as unknown as { __events: string[] }).__events)).toEqual(['ready']);
  expect(fetched.filter((path) => UI_CHUNK.test(path))).toHaveLength(1);

  await dialog.getByRole('button', { name: 'Close chat' }).click();
  await expect(launcher).toBeFocused();
  expect(await launcher.boundingBox()).toEqual(box);
});

test('focusing the launcher from the keyboard fetches the UI chunk; Enter opens the panel', async ({ page, parley }) => {
  const { fetched, sockets } = watch(page, parley.url);
  await page.goto(host.set('/keys', { body: shopPage(parley.url) }));
  const launcher = page.getByRole('button', { name: 'Open support chat' });
  await expect(launcher).toBeVisible();
  expect(fetched.some((path) => UI_CHUNK.test(path))).toBe(false);
  const chunk = page.waitForRequest((request) => UI_CHUNK.test(new URL(request.url()).pathname));
  await launcher.focus();
  await chunk;
  expect(sockets).toEqual([]);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'Your message' })).toBeFocused();
  await expect.poll(() => sockets.length).toBe(1);
});

test('while the UI chunk is still on its way, opening keeps the launcher in place and the panel follows', async ({ page, parley }) => {
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(/\/widget-ui\.[0-9a-f]{8,}\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(host.set('/slow', { body: shopPage(parley.url) }));
  const launcher = page.getByRole('button', { name: 'Open support chat' });
  await expect(launcher).toBeVisible();
  const box = await launcher.boundingBox();
  await launcher.click();
  await page.waitForTimeout(300);
  // Nothing to show yet: the launcher stays where it is rather than leaving an empty corner.
  await expect(launcher).toBeVisible();
  expect(await launcher.boundingBox()).toEqual(box);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  release();
  await expect(page.getByRole('dialog', { name: 'Support' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Your message' })).toBeFocused();
});

test('a visitor handed to a person connects on the next page without a click, so an agent’s reply raises the badge', async ({
  page,
  parleyWith,
}) => {
  const parley = await parleyWith({ ADMIN_TOKEN: 'e2e-admin-token', FAQ_PACE_MS: '5' });
  await page.goto(`${parley.url}/`);
  await page.getByRole('button', { name: 'Open support chat' }).click();
  await ask(page, 'I want to talk to a human please');
  await expect(page.getByRole('dialog')).toContainText('A member of our team will join this conversation.');
  const sockets: string[] = [];
  page.on('websocket', (socket) => sockets.push(socket.url()));
  await page.reload();
  await expect.poll(() => sockets.length).toBe(1);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(await agentReplies(page, parley.url, 'Hello, this is Mei.')).toBe(201);
  await expect(page.getByRole('button', { name: 'Open support chat (1 unread)' })).toBeVisible();
});

test('a visitor downloads only their locale’s panel strings: the panel opens in Chinese, and setLocale fetches Arabic', async ({
  page,
  parley,
}) => {
  const { fetched } = watch(page, parley.url);
  await page.goto(host.set('/zh-chunks', { body: shopPage(parley.url, { locale: 'zh' }) }));
  await page.getByRole('button', { name: '打开客服聊天' }).click();
  const dialog = page.getByRole('dialog', { name: '在线客服' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('textbox', { name: '您的消息' })).toBeFocused();
  // The UI chunk and the Chinese table; no other locale's.
  expect(fetched.filter((path) => UI_CHUNK.test(path))).toHaveLength(2);

  await page.evaluate(() => (window as unknown as { Parley: (...args: unknown[]) => void }).Parley('setLocale', 'ar'));
  await expect(page.getByRole('dialog', { name: 'الدعم' })).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('textbox', { name: 'رسالتك' })).toBeVisible();
  expect(fetched.filter((path) => UI_CHUNK.test(path))).toHaveLength(3);
});
