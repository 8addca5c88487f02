/**
 * A shared computer: the widget keeps the server-minted conversation id and token in localStorage, and
 * `Parley('reset')` (the host page's logout) forgets both, so the next person starts a new conversation;
 * `identify` with another user's token does the same.
 */
import type { Page } from '@playwright/test';
import { signVisitorToken, siteTokenSecret } from '../../worker/conversation/visitor-token';
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

test('identify() of another user drops the conversation; the same user keeps it', async ({ page, parleyWith }) => {
  const parley = await parleyWith({ VISITOR_TOKEN_SECRET: 'e2e-master-secret', FAQ_PACE_MS: '5' });
  const secret = await siteTokenSecret('e2e-master-secret', 'demo');
  const [alice, aliceAgain, bob] = await Promise.all([
    signVisitorToken(secret, 'alice', 600),
    signVisitorToken(secret, 'alice', 900),
    signVisitorToken(secret, 'bob', 600),
  ]);
  const dialog = await open(page, `${parley.url}/`);
  await parleyCall(page, 'identify', alice);
  await ask(page, 'How long does shipping take?');
  await expect(dialog.locator('[data-role=assistant] .acts').last()).toBeVisible({ timeout: 15_000 });
  const first = (await stored(page)).conv;
  expect(first.cid).toMatch(/^[0-9a-f-]{36}$/);

  await parleyCall(page, 'identify', aliceAgain); // a refreshed token of the same user
  await expect(dialog.locator('[data-role=visitor]')).toHaveCount(1);
  expect((await stored(page)).conv.cid).toBe(first.cid);

  await parleyCall(page, 'identify', bob);
  await expect(dialog.locator('[data-role=visitor]')).toHaveCount(0);
  const raw = (await stored(page)).raw;
  expect(raw).not.toContain(first.cid as string);
  expect(raw).not.toContain(first.tok as string);
});
