/**
 * A shared computer: the widget keeps the server-minted conversation id and token in localStorage, and
 * `Parley('reset')` (the host page's logout) forgets both, so the next person starts a new conversation.
 */
import type { Page } from '@playwright/test';
import { ask, expect, openWidget as open, test } from './fixtures';

type Stored = { cid?: string; tok?: string; msgs?: unknown[] };
const stored = async (page: Page): Promise<{ raw: string; conv: Stored }> => {
  const raw = (await page.evaluate(() => localStorage.getItem('parley:demo'))) ?? '';
  return { raw, conv: raw ? (JSON.parse(raw) as Stored) : {} };
};
const parleyCall = (page: Page, ...args: unknown[]) =>
  page.evaluate((a) => (window as unknown as { Parley: (...x: unknown[]) => void }).Parley(...a), args);

test('reset() starts a new conversation: the old id and token are gone from storage', async ({ page, parley }) => {
  const dialog = await open(page, `${parley.url}/`);
  await ask(page, 'How long does shipping take?');
  // The rating buttons show once the reply is done.
  await expect(dialog.locator('[data-role=assistant] .acts').last()).toBeVisible({ timeout: 15_000 });
  const before = (await stored(page)).conv;
  expect(before.cid).toMatch(/^[0-9a-f-]{36}$/); // minted by the server, not by the widget
  expect(before.tok?.length).toBeGreaterThan(64);

  await parleyCall(page, 'reset');
  await expect(dialog.locator('[data-role=visitor]')).toHaveCount(0);
  const cleared = await stored(page);
  expect(cleared.raw).not.toContain(before.cid as string);
  expect(cleared.raw).not.toContain(before.tok as string);

  await ask(page, 'When are you open?');
  await expect(dialog.locator('[data-role=visitor]')).toHaveText(['When are you open?']);
  await expect.poll(async () => (await stored(page)).conv.cid ?? '').toMatch(/^[0-9a-f-]{36}$/);
  const after = (await stored(page)).conv;
  expect(after.cid).not.toBe(before.cid);
  expect(after.tok).not.toBe(before.tok);
  // After a reload the widget resumes the new conversation, never the old one.
  await page.reload();
  const again = await open(page, `${parley.url}/`);
  await expect(again.locator('[data-role=visitor]')).toHaveText(['When are you open?']);
});
