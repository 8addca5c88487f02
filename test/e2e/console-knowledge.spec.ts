import { ADMIN_TOKEN, askWidget, signIn } from './console-support';
import { expect, test } from './fixtures';

test('a support person manages the knowledge, searches it with scores, and the widget answers from it with its source', async ({
  page,
  parleyWith,
}) => {
  test.setTimeout(90_000);
  const parley = await parleyWith({ ADMIN_TOKEN, FAQ_PACE_MS: '2' });
  await signIn(page, parley.url, ADMIN_TOKEN);
  await page.getByRole('link', { name: 'Knowledge' }).click();
  const docs = page.getByRole('table', { name: 'Documents' });
  // The demo's seeded knowledge is the shop's own page.
  await expect(docs.getByRole('row', { name: /Our teas and prices/ })).toBeVisible();

  await page.getByRole('button', { name: 'New article' }).click();
  const form = page.getByRole('form', { name: 'Article' });
  await form.getByLabel('Document id').fill('gift-cards');
  await form.getByLabel('Title').fill('Gift cards');
  await form.getByLabel('Body').fill('# Gift cards\n\nLantern & Leaf gift cards never expire and work online.');
  await form.getByRole('button', { name: 'Save article' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved gift-cards.');
  await expect(docs.getByRole('row', { name: /gift-cards/ })).toBeVisible();

  await page.getByRole('button', { name: 'Passages of gift-cards' }).click();
  await expect(page.getByRole('region', { name: 'Passages of Gift cards' })).toContainText('never expire and work online');

  await page.getByRole('form', { name: 'Search' }).getByLabel('Question').fill('do gift cards expire');
  await page.getByRole('button', { name: 'Search' }).click();
  const hits = page.getByRole('table', { name: 'Retrieved passages' });
  await expect(hits.getByRole('row').nth(1)).toContainText('gift-cards');
  await expect(hits.getByRole('row').nth(1).getByRole('cell').first()).toHaveText(/^(0\.[5-9]\d|1\.00)$/);

  await page.getByRole('button', { name: 'Delete gift-cards' }).click();
  await expect(page.getByRole('status')).toHaveText('Deleted gift-cards.');
  await expect(docs.getByRole('row', { name: /gift-cards/ })).toHaveCount(0);

  const log = await askWidget(page, parley.url, 'How much does the Tieguanyin oolong cost?');
  await expect(log).toContainText('$19');
  await expect(log).toContainText('[1] Our teas and prices');
});
