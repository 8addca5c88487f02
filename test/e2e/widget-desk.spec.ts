/**
 * The human desk in the visitor's widget, against what the server does today: an agent's typing shows with their
 * name and ends with their reply; the visitor's own typing reaches a person at most every two seconds; asking for a
 * person outside business hours shows when the desk opens, in the visitor's locale, with an offline form that
 * checks the email before anything is sent. Axe-clean with the notice and the form on screen.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { signVisitorToken, siteTokenSecret } from '../../worker/conversation/visitor-token';
import { DEMO_SITE } from '../../worker/seed/demo-site';
import { ask, expect, openWidget as open, test } from './fixtures';
import { type HostServer, shopPage, startHost } from './host-server';

let host: HostServer;
test.beforeAll(async () => {
  host = await startHost();
});
test.afterAll(async () => host.close());

const ADMIN = 'e2e-admin-token';
const admin = (url: string, path: string, body: unknown, method = 'POST') =>
  fetch(`${url}/admin/api${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const cidOf = async (page: Page) =>
  (JSON.parse((await page.evaluate(() => localStorage.getItem('parley:demo'))) ?? '{}') as { cid: string }).cid;

/** The client frames the page sends over its WebSockets, parsed. */
function sentFrames(page: Page): { type: string; [key: string]: unknown }[] {
  const frames: { type: string }[] = [];
  page.on('websocket', (ws) => ws.on('framesent', (event) => frames.push(JSON.parse(String(event.payload)))));
  return frames;
}

test('an agent typing shows their name and ends with their reply; the visitor’s typing reaches them, throttled', async ({
  page,
  parleyWith,
}) => {
  const parley = await parleyWith({ ADMIN_TOKEN: ADMIN, FAQ_PACE_MS: '5' });
  const sent = sentFrames(page);
  const dialog = await open(page, `${parley.url}/`);
  await ask(page, 'How long does shipping take?');
  await expect(dialog.getByRole('log')).toContainText('Orders ship within 1 business day');
  const cid = await cidOf(page);

  expect((await admin(parley.url, `/conversations/${cid}/typing`, { siteKey: 'demo', active: true, name: 'Anna' })).status).toBe(204);
  await expect(dialog.getByText('Anna is typing…')).toBeVisible();
  expect(
    (await admin(parley.url, `/conversations/${cid}/messages`, { siteKey: 'demo', text: 'Hi, Anna here.', name: 'Anna' })).status,
  ).toBe(201);
  const reply = dialog.locator('[data-role=agent]');
  await expect(reply).toContainText('Hi, Anna here.');
  await expect(reply.locator('.who')).toHaveText('Anna');
  await expect(dialog.getByText('Anna is typing…')).toHaveCount(0);

  // A person has the conversation now: typing tells them, at most once every two seconds however fast the keys.
  const box = page.getByRole('textbox', { name: 'Your message' });
  await box.pressSequentially('Where is', { delay: 20 });
  await expect.poll(() => sent.filter((f) => f.type === 'typing').length).toBe(1);
  expect(sent.find((f) => f.type === 'typing')).toEqual({ type: 'typing', active: true });
  await page.waitForTimeout(2100);
  await box.pressSequentially(' it', { delay: 20 });
  await expect.poll(() => sent.filter((f) => f.type === 'typing').length).toBe(2);
});

test('outside business hours: when the desk opens, in the visitor’s locale, and an offline form that checks the email', async ({
  page,
  parleyWith,
}) => {
  const parley = await parleyWith({ ADMIN_TOKEN: ADMIN, FAQ_PACE_MS: '5' });
  // Open all day, except today and the next two days (UTC): closed now, opening at midnight UTC in three days.
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  const weekly = Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [['00:00', '24:00']]]));
  const hours = { timeZone: 'UTC', weekly, holidays: [day(0), day(1), day(2)] };
  expect((await admin(parley.url, '/sites/demo', { ...DEMO_SITE, hours }, 'PUT')).status).toBeLessThan(300);
  expect((await admin(parley.url, '/sites/demo/publish', {})).status).toBeLessThan(300);
  const opens = Date.parse(`${day(3)}T00:00:00Z`);

  await page.emulateMedia({ colorScheme: 'light' });
  const sent = sentFrames(page);
  const dialog = await open(page, `${parley.url}/`);
  await ask(page, 'I want to talk to a human please');
  const expected = await page.evaluate(
    (at) => new Date(at).toLocaleString('en', { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }),
    opens,
  );
  const card = dialog.getByRole('region', { name: /Leave your email/ });
  await expect(card).toContainText(`We’re away right now. We’re back ${expected}.`);
  // The bot keeps answering meanwhile: the chat box stays.
  await expect(page.getByRole('textbox', { name: 'Your message' })).toBeEnabled();

  const email = card.getByRole('textbox', { name: 'Your email' });
  await email.fill('ana@example');
  await card.getByRole('textbox', { name: 'Message for our team' }).fill('Please call me about order 4411.');
  await card.getByRole('button', { name: 'Send' }).click();
  await expect(card.getByRole('alert')).toHaveText('Please enter a valid email address.');
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(email).toBeFocused();
  expect(sent.filter((f) => f.type === 'offline')).toEqual([]);

  const violations = (await new AxeBuilder({ page }).include('parley-chat').analyze()).violations;
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);

  await email.fill('ana@example.com');
  await card.getByRole('button', { name: 'Send' }).click();
  await expect(card.getByRole('alert')).toHaveCount(0);
  await expect
    .poll(() => sent.filter((f) => f.type === 'offline'))
    .toEqual([{ type: 'offline', email: 'ana@example.com', text: 'Please call me about order 4411.' }]);
});

test('the closed-desk notice in Chinese writes the opening time the Chinese way', async ({ page, parleyWith }) => {
  const parley = await parleyWith({ ADMIN_TOKEN: ADMIN, FAQ_PACE_MS: '5' });
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  const weekly = Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [['00:00', '24:00']]]));
  const hours = { timeZone: 'UTC', weekly, holidays: [day(0), day(1)] };
  expect((await admin(parley.url, '/sites/demo', { ...DEMO_SITE, hours }, 'PUT')).status).toBeLessThan(300);
  expect((await admin(parley.url, '/sites/demo/publish', {})).status).toBeLessThan(300);
  await page.goto(host.set('/zh', { body: shopPage(parley.url, { locale: 'zh' }, '', 'zh') }));
  await page.getByRole('button', { name: '打开客服聊天' }).click();
  const dialog = page.getByRole('dialog');
  const box = page.getByRole('textbox', { name: '您的消息' });
  await box.fill('我要人工客服');
  await box.press('Enter');
  const expected = await page.evaluate(
    (at) => new Date(at).toLocaleString('zh', { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }),
    Date.parse(`${day(2)}T00:00:00Z`),
  );
  await expect(dialog).toContainText(`我们现在不在线，将于${expected}回来。`);
});

test('a logged-in visitor on SSE receives the agent’s reply on the event stream (no Authorization header there)', async ({
  page,
  parleyWith,
}) => {
  const parley = await parleyWith({ ADMIN_TOKEN: ADMIN, VISITOR_TOKEN_SECRET: 'e2e-master-secret', FAQ_PACE_MS: '5' });
  const token = await signVisitorToken(await siteTokenSecret('e2e-master-secret', 'demo'), 'user-7', 600);
  const streams: number[] = [];
  page.on('response', (r) => {
    if (r.url().includes('/v1/chat/events')) streams.push(r.status());
  });
  await page.addInitScript((t) => {
    const q: unknown[] = [];
    (window as unknown as { Parley: unknown }).Parley = Object.assign((...a: unknown[]) => q.push(a), { q });
    (window as unknown as { Parley: (...a: unknown[]) => void }).Parley('identify', t);
  }, token);
  await page.goto(host.set('/sse-login', { body: shopPage(parley.url, { transport: 'sse' }) }));
  await page.getByRole('button', { name: 'Open support chat' }).click();
  const dialog = page.getByRole('dialog');
  await ask(page, 'How long does shipping take?');
  await expect(dialog.getByRole('log')).toContainText('Orders ship within 1 business day');
  await expect.poll(() => streams).toEqual([200]);
  const sentAt = Date.now();
  expect(
    (await admin(parley.url, `/conversations/${await cidOf(page)}/messages`, { siteKey: 'demo', text: 'Hello from Mei.', name: 'Mei' }))
      .status,
  ).toBe(201);
  await expect(dialog.locator('[data-role=agent]')).toContainText('Hello from Mei.', { timeout: 3000 });
  expect(Date.now() - sentAt).toBeLessThan(3000);
});
