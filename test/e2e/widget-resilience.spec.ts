/**
 * Never losing a message: the conversation survives reloads and is shared by tabs; messages typed
 * offline are sent exactly once when the network is back; stop, retry after an error, and feedback.
 */
import { receivedRequests } from '../fixtures/mock-client';
import { ask, expect, openWidget as open, test } from './fixtures';

test('a reload keeps the conversation and its ratings', async ({ page, parley }) => {
  const dialog = await open(page, `${parley.url}/`);
  await ask(page, 'How long does shipping take?');
  await expect(dialog.getByRole('log')).toContainText('Shipping is free on orders over $49.');
  await dialog.getByRole('button', { name: 'Not helpful' }).click();
  await page.reload();
  const again = await open(page, `${parley.url}/`);
  const log = again.getByRole('log');
  await expect(log.locator('[data-role=visitor]')).toHaveText(['How long does shipping take?']);
  await expect(log).toContainText('Shipping is free on orders over $49.');
  await expect(again.getByRole('button', { name: 'Not helpful' })).toHaveAttribute('aria-pressed', 'true');
});

test('two tabs show the same conversation as it happens', async ({ context, parley }) => {
  const a = await context.newPage();
  const b = await context.newPage();
  await open(a, `${parley.url}/`);
  const inB = await open(b, `${parley.url}/`);
  await ask(a, 'What are your opening hours?');
  await expect(inB.getByRole('log').locator('[data-role=visitor]')).toHaveText(['What are your opening hours?']);
  const hours =
    'Our support team is available Monday to Friday, 9:00 to 18:00 (UTC+8). Outside those hours this assistant answers, and we reply to emails within one business day.';
  // B may ask while A's reply is still streaming: B's message waits for it instead of failing.
  await expect(inB.getByRole('log')).toContainText('Monday to Friday');
  // And back: a message from tab B appears in tab A.
  await ask(b, 'Which payment methods do you accept?');
  await expect(a.getByRole('log')).toContainText('WeChat Pay');
  await expect(a.getByRole('log').locator('[data-role=visitor]')).toHaveCount(2);
  // Both tabs applied the same streamed frames: every word exactly once, in both.
  for (const p of [a, b]) await expect(p.locator('[data-role=assistant]').first()).toContainText(hours);
});

test('offline: an indicator shows, a message typed offline is sent exactly once when back', async ({ page, context, mock, scripted }) => {
  const parley = await scripted('e2e-offline', { calls: [{ reply: 'Back online and answered.' }] });
  const dialog = await open(page, `${parley.url}/`);
  await expect(page.locator('parley-chat .note')).toHaveCount(0);
  await context.setOffline(true);
  await expect(dialog).toContainText('You are offline.');
  await ask(page, 'Typed while offline');
  await expect(dialog).toContainText('Waiting to send');
  expect(await receivedRequests(mock.url, 'e2e-offline')).toHaveLength(0);
  await context.setOffline(false);
  await expect(dialog.getByRole('log')).toContainText('Back online and answered.');
  await expect(dialog).not.toContainText('You are offline.');
  await expect(dialog).not.toContainText('Waiting to send');
  const got = await receivedRequests(mock.url, 'e2e-offline');
  expect(got).toHaveLength(1);
  expect(JSON.stringify(got[0]?.body)).toContain('Typed while offline');
});

test('a typing indicator before the first word; stop generating ends the reply where it is and aborts the upstream call', async ({
  page,
  mock,
  scripted,
}) => {
  const reply = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');
  const parley = await scripted('e2e-stop', { calls: [{ reply, paceMs: 40, firstTokenMs: 1000 }] });
  const dialog = await open(page, `${parley.url}/`);
  await ask(page, 'Tell me everything');
  // Before the first delta: a typing indicator.
  await expect(dialog.getByText('Assistant is typing…')).toBeVisible();
  await expect(dialog.getByRole('log')).toContainText('word3');
  await expect(dialog.getByText('Assistant is typing…')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Stop generating' }).click();
  await expect(dialog.getByRole('button', { name: 'Stop generating' })).toHaveCount(0);
  const text = await dialog.locator('[data-role=assistant]').last().textContent();
  await page.waitForTimeout(500);
  expect(await dialog.locator('[data-role=assistant]').last().textContent()).toBe(text);
  expect(text).not.toContain('word199');
  await expect.poll(async () => (await receivedRequests(mock.url, 'e2e-stop'))[0]?.aborted, { timeout: 10_000 }).toBe(true);
});

test('a reply cut by an upstream failure shows an error with Retry, and Retry answers', async ({ page, mock, scripted }) => {
  const parley = await scripted('e2e-retry', {
    calls: [{ reply: 'This first answer will be cut short by the upstream', dropAfterChunks: 3 }, { reply: 'The complete second answer.' }],
  });
  const dialog = await open(page, `${parley.url}/`);
  await ask(page, 'Tell me everything about your lamps');
  await expect(dialog.getByRole('alert')).toContainText('Sorry, something went wrong.');
  await dialog.getByRole('button', { name: 'Retry' }).click();
  await expect(dialog.getByRole('log')).toContainText('The complete second answer.');
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await expect(dialog.locator('[data-role=visitor]')).toHaveCount(1);
  expect(await receivedRequests(mock.url, 'e2e-retry')).toHaveLength(2);
});
