/**
 * The widget forced onto SSE (`data-transport="sse"`) follows the conversation's event stream: an agent's
 * reply sent through the admin API appears without a reload, and no WebSocket is ever opened.
 */
import { agentReplies, ask, expect, test } from './fixtures';
import { type HostServer, shopPage, startHost } from './host-server';

let host: HostServer;
test.beforeAll(async () => {
  host = await startHost();
});
test.afterAll(async () => host.close());

test('on SSE, an agent reply sent through the admin API is shown without reload', async ({ page, parleyWith }) => {
  const parley = await parleyWith({ ADMIN_TOKEN: 'e2e-admin-token', FAQ_PACE_MS: '5' });
  const sockets: string[] = [];
  page.on('websocket', (s) => sockets.push(s.url()));
  const streams: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/v1/chat/events')) streams.push(r.url());
  });
  await page.goto(host.set('/sse', { body: shopPage(parley.url, { transport: 'sse' }) }));
  await page.getByRole('button', { name: 'Open support chat' }).click();
  const dialog = page.getByRole('dialog');
  await ask(page, 'How long does shipping take?');
  await expect(dialog.getByRole('log')).toContainText('Orders ship within 1 business day');
  await expect.poll(() => streams.length).toBeGreaterThanOrEqual(1);
  expect(await agentReplies(page, parley.url, 'Hello, this is Mei from support.')).toBe(201);
  await expect(dialog.locator('[data-role=agent]')).toContainText('Hello, this is Mei from support.', { timeout: 3000 });
  expect(sockets).toEqual([]);
});
