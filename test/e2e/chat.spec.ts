import { expect, test } from './fixtures';

test('a visitor opens the widget on the demo page and sees a streamed FAQ answer', async ({ page, parley }) => {
  await page.goto(`${parley.url}/`);
  await page.getByRole('button', { name: 'Open support chat' }).click();
  const dialog = page.getByRole('dialog', { name: 'Support' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Your message' }).fill('How long does shipping take?');
  await dialog.getByRole('textbox', { name: 'Your message' }).press('Enter');
  const log = dialog.getByRole('log');
  // Streaming: the first words appear before the whole answer has arrived.
  await expect(log).toContainText('Orders ship');
  await expect(log).toContainText('Shipping is free on orders over $49.');
});

test('the same widget streams a reply from an OpenAI-compatible provider (mock upstream)', async ({ page, scripted }) => {
  const reply = 'Your parcel is with the courier and arrives on Tuesday.';
  const parley = await scripted('e2e-chat', { calls: [{ reply, paceMs: 20 }] });
  await page.goto(`${parley.url}/`);
  await page.getByRole('button', { name: 'Open support chat' }).click();
  const box = page.getByRole('textbox', { name: 'Your message' });
  await box.fill('Where is my parcel?');
  await box.press('Enter');
  await expect(page.getByRole('log')).toContainText(reply);
});

test('an error is shown in words a visitor understands', async ({ page, scripted }) => {
  const parley = await scripted('e2e-fail', { calls: [{ status: 401, errorCode: 'invalid_api_key' }] });
  await page.goto(`${parley.url}/`);
  await page.getByRole('button', { name: 'Open support chat' }).click();
  const box = page.getByRole('textbox', { name: 'Your message' });
  await box.fill('Hello?');
  await box.press('Enter');
  await expect(page.getByRole('log')).toContainText('Sorry, something went wrong. Please try again.');
});
