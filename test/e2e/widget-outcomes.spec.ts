/**
 * The desk's outcomes in the visitor's widget against the real server: an offline message left outside business
 * hours is acknowledged (`offline_received`) over WebSocket and over SSE (`POST /v1/offline`, the event stream),
 * and a conversation closed for idleness asks once for a 1–5 rating with a comment, answered with a `csat` frame
 * and never asked again after a reload; over SSE the survey comes on the event stream and the rating goes by
 * `POST /v1/csat`.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { DEMO_SITE } from '../../worker/seed/demo-site';
import { ask, expect, openWidget as open, statusesOf, test } from './fixtures';
import { type HostServer, shopPage, startHost } from './host-server';

const ADMIN = 'e2e-admin-token';
let host: HostServer;
test.beforeAll(async () => {
  host = await startHost();
});
test.afterAll(async () => host.close());

async function publishDemo(url: string, extra: Record<string, unknown>): Promise<void> {
  const headers = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
  const put = await fetch(`${url}/admin/api/sites/demo`, { method: 'PUT', headers, body: JSON.stringify({ ...DEMO_SITE, ...extra }) });
  expect(put.status).toBeLessThan(300);
  const published = await fetch(`${url}/admin/api/sites/demo/publish`, { method: 'POST', headers, body: '{}' });
  expect(published.status).toBeLessThan(300);
}

/** Closed today and the next two days (UTC), open otherwise: asking for a person now finds the desk closed. */
function closedForThreeDays() {
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  const weekly = Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [['00:00', '24:00']]]));
  return { timeZone: 'UTC', weekly, holidays: [day(0), day(1), day(2)] };
}

function sentFrames(page: Page): { type: string; [key: string]: unknown }[] {
  const frames: { type: string }[] = [];
  page.on('websocket', (ws) => ws.on('framesent', (event) => frames.push(JSON.parse(String(event.payload)))));
  return frames;
}

async function leaveMessage(page: Page): Promise<void> {
  const card = page.getByRole('region', { name: /Leave your email/ });
  await expect(card).toContainText('We’re away right now.');
  await card.getByRole('textbox', { name: 'Your email' }).fill('ana@example.com');
  await card.getByRole('textbox', { name: 'Message for our team' }).fill('Please call me about order 4411.');
  await card.getByRole('button', { name: 'Send' }).click();
  await expect(card.getByRole('status')).toHaveText('Thanks! We’ll reply by email.');
  await expect(card.getByRole('textbox', { name: 'Your email' })).toHaveCount(0);
}

test('outside business hours, an offline message is acknowledged over WebSocket', async ({ page, parleyWith }) => {
  const parley = await parleyWith({ ADMIN_TOKEN: ADMIN, FAQ_PACE_MS: '5' });
  await publishDemo(parley.url, { hours: closedForThreeDays() });
  const sent = sentFrames(page);
  await open(page, `${parley.url}/`);
  await ask(page, 'I want to talk to a human please');
  await leaveMessage(page);
  expect(sent.filter((f) => f.type === 'offline')).toHaveLength(1);
  const listed = await fetch(`${parley.url}/admin/api/offline?siteKey=demo`, { headers: { authorization: `Bearer ${ADMIN}` } });
  expect(((await listed.json()) as { messages: { email: string }[] }).messages.map((m) => m.email)).toEqual(['ana@example.com']);
});

test('on SSE, the offline message goes by POST /v1/offline and its acknowledgement comes on the event stream', async ({
  page,
  parleyWith,
}) => {
  const parley = await parleyWith({ ADMIN_TOKEN: ADMIN, FAQ_PACE_MS: '5' });
  await publishDemo(parley.url, { hours: closedForThreeDays() });
  const posts = statusesOf(page, '/v1/offline');
  await page.goto(host.set('/sse-offline', { body: shopPage(parley.url, { transport: 'sse' }) }));
  await page.getByRole('button', { name: 'Open support chat' }).click();
  await ask(page, 'I want to talk to a human please');
  await leaveMessage(page);
  expect(posts).toEqual([204]);
});

test('closed for idleness: the survey asks once, the rating and comment go as a csat frame, a reload asks no more', async ({
  page,
  parleyWith,
}) => {
  test.setTimeout(150_000);
  const parley = await parleyWith({ ADMIN_TOKEN: ADMIN, FAQ_PACE_MS: '5' });
  await publishDemo(parley.url, { handoff: { idleCloseMinutes: 1 } });
  const sent = sentFrames(page);
  const dialog = await open(page, `${parley.url}/`);
  await ask(page, 'How long does shipping take?');
  await expect(dialog.getByRole('log')).toContainText('Orders ship within 1 business day');

  const survey = dialog.getByRole('group', { name: 'How would you rate this conversation?' });
  await expect(survey).toBeVisible({ timeout: 100_000 });
  const send = dialog.locator('form.card').getByRole('button', { name: 'Send' });
  await expect(send).toBeDisabled();
  const axe = await new AxeBuilder({ page }).include('parley-chat').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
  await survey.getByRole('button', { name: '4 out of 5' }).click();
  await expect(survey.getByRole('button', { name: '4 out of 5' })).toHaveAttribute('aria-pressed', 'true');
  await expect(survey.getByRole('button', { name: '5 out of 5' })).toHaveAttribute('aria-pressed', 'false');
  await dialog.getByRole('textbox', { name: 'Comment (optional)' }).fill('Quick and clear.');
  await send.click();
  await expect(dialog.getByRole('status').filter({ hasText: 'Thanks for your feedback!' })).toBeVisible();
  expect(sent.filter((f) => f.type === 'csat')).toEqual([{ type: 'csat', score: 4, comment: 'Quick and clear.' }]);

  await page.reload();
  await page.getByRole('button', { name: /^Open support chat/ }).click();
  await expect(page.getByRole('dialog').getByRole('log')).toContainText('Orders ship within 1 business day');
  await expect(page.getByRole('group', { name: 'How would you rate this conversation?' })).toHaveCount(0);
});

test('on SSE, the idle-close survey comes on the event stream and the rating goes by POST /v1/csat', async ({ page, parleyWith }) => {
  test.setTimeout(150_000);
  const parley = await parleyWith({ ADMIN_TOKEN: ADMIN, FAQ_PACE_MS: '5' });
  await publishDemo(parley.url, { handoff: { idleCloseMinutes: 1 } });
  const ratings: { status: number; body: unknown }[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/v1/csat')) ratings.push({ status: 0, body: JSON.parse(r.postData() ?? '{}') });
  });
  page.on('response', (r) => {
    const rating = ratings.find((x) => x.status === 0);
    if (r.url().endsWith('/v1/csat') && rating) rating.status = r.status();
  });
  await page.goto(host.set('/sse-csat', { body: shopPage(parley.url, { transport: 'sse' }) }));
  await page.getByRole('button', { name: 'Open support chat' }).click();
  const dialog = page.getByRole('dialog');
  await ask(page, 'How long does shipping take?');
  await expect(dialog.getByRole('log')).toContainText('Orders ship within 1 business day');
  const survey = dialog.getByRole('group', { name: 'How would you rate this conversation?' });
  await expect(survey).toBeVisible({ timeout: 100_000 });
  await survey.getByRole('button', { name: '2 out of 5' }).click();
  await dialog.locator('form.card').getByRole('button', { name: 'Send' }).click();
  await expect(dialog.getByRole('status').filter({ hasText: 'Thanks for your feedback!' })).toBeVisible();
  await expect.poll(() => ratings.map((r) => r.status)).toEqual([204]);
  expect(ratings[0]?.body).toMatchObject({ siteKey: 'demo', score: 2 });
  expect(ratings[0]?.body).not.toHaveProperty('comment');
});
