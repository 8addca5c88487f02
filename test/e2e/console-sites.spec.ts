/**
 * A new site owner's path through the console: create a site, set its origins and theme (checked by the
 * shared schema, issues beside their fields), publish with a diff, and open the test page whose widget
 * wears the new colour. Screenshots go to /tmp/parley-shots/ (outside the repo) for review.
 */
import { mkdirSync } from 'node:fs';
import { ADMIN_TOKEN, signIn } from './console-support';
import { expect, test } from './fixtures';

const SHOTS = '/tmp/parley-shots';

test('create a site, set its theme, publish, and the test page shows the widget in the new colour', async ({ page, parleyWith }) => {
  const parley = await parleyWith({ ADMIN_TOKEN, FAQ_PACE_MS: '0' });
  await signIn(page, parley.url, ADMIN_TOKEN);
  const nav = page.getByRole('navigation', { name: 'Console' });
  await nav.getByRole('link', { name: 'Sites' }).click();

  const form = page.getByRole('form', { name: 'Create a site' });
  await form.getByLabel('Site key').fill('Acme Tea');
  await form.getByLabel('Site name').fill('Acme Tea');
  await form.getByRole('button', { name: 'Create site' }).click();
  // The schema's own message, next to the key field.
  await expect(form.getByLabel('Site key')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.locator('.field', { has: page.getByLabel('Site key') }).locator('.field-error')).toContainText(
    'lower-case letters, digits and -',
  );

  await form.getByLabel('Site key').fill('acme-tea');
  // The Worker's own origin is pre-filled, so the test page may embed the new site.
  await expect(form.getByLabel('Allowed origins (one a line)')).toHaveValue(parley.url);
  await form.getByLabel('Allowed origins (one a line)').fill(`${parley.url}\nhttps://acme-tea.example`);
  await form.getByRole('button', { name: 'Create site' }).click();
  const embed = page.getByRole('region', { name: 'Embed acme-tea' });
  await expect(embed.getByTestId('snippet')).toHaveText(`<script src="${parley.url}/widget.js" data-site-key="acme-tea" async></script>`);
  const ws = parley.url.replace(/^http/, 'ws');
  await expect(embed.getByTestId('csp')).toHaveText(`script-src ${parley.url}\nconnect-src ${parley.url} ${ws}`);
  await expect(page.getByLabel('Site', { exact: true })).toHaveValue('acme-tea');

  await nav.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings · acme-tea' })).toBeVisible();
  await expect(page.getByLabel('Allowed origins (one a line)')).toHaveValue(`${parley.url}\nhttps://acme-tea.example`);
  await page.getByLabel('Theme colour').fill('#e11d48');
  await page.getByLabel('Launcher position').selectOption('left');
  await page.getByLabel('Welcome text (English)').fill('Welcome to Acme Tea!');
  // The preview is the widget's own shell with the draft's colour.
  const previewLauncher = page.getByTestId('preview-launcher').locator('.launcher');
  await expect.poll(() => previewLauncher.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(225, 29, 72)');
  await expect(page.getByTestId('preview-panel').locator('.msg.assistant')).toHaveText('Welcome to Acme Tea!');

  const diff = page.getByRole('list', { name: 'Settings changes against the live version' });
  // Never published: every setting is new, listed leaf by leaf.
  await expect(page.getByText('Live version: none.')).toBeVisible();
  await expect(diff.getByRole('listitem').filter({ hasText: '+ theme.color: "#e11d48"' })).toHaveCount(1);
  await expect(diff.getByRole('listitem').filter({ hasText: '+ theme.position: "left"' })).toHaveCount(1);
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/console-settings.png`, fullPage: true });

  await page.getByRole('button', { name: 'Publish settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Published version 1.' })).toBeVisible();
  await expect(page.getByText('These settings have no changes against it.')).toBeVisible();

  const link = page.getByRole('link', { name: 'Open the test page for acme-tea' });
  await nav.getByRole('link', { name: 'Sites' }).click();
  await page.getByRole('button', { name: 'Embed code for acme-tea' }).click();
  const href = await link.getAttribute('href');
  expect(href).toBe(`${parley.url}/test/acme-tea`);
  await page.goto(href ?? '');
  const launcher = page.getByRole('button', { name: /^Open support chat/ });
  // The loader reads the site's config when the chat first opens, and remembers it for the next page.
  await launcher.click();
  const dialog = page.getByRole('dialog', { name: 'Support' });
  await expect(dialog.getByRole('log')).toContainText('Welcome to Acme Tea!');
  await expect.poll(() => dialog.locator('.head').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(225, 29, 72)');
  await page.reload();
  await expect(launcher).toBeVisible();
  await expect.poll(() => launcher.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(225, 29, 72)');
  // On the left, as published.
  const box = await launcher.boundingBox();
  expect(box && box.x < (page.viewportSize()?.width ?? 0) / 2).toBe(true);
});

test('a settings field error is shown next to its field and blocks saving', async ({ page, parleyWith }) => {
  const parley = await parleyWith({ ADMIN_TOKEN, FAQ_PACE_MS: '0' });
  await signIn(page, parley.url, ADMIN_TOKEN);
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Settings' }).click();

  const colour = page.getByLabel('Theme colour');
  await colour.fill('#123456');
  const diff = page.getByRole('list', { name: 'Settings changes against the live version' });
  await expect(diff.getByRole('listitem')).toHaveText(['~ theme.color: "#0f766e" → "#123456"']);
  await colour.fill('blue');
  await expect(colour).toHaveAttribute('aria-invalid', 'true');
  const errorId = (await colour.getAttribute('aria-describedby'))?.split(' ').find((id) => id.endsWith('-err'));
  expect(errorId).toMatch(/-err$/);
  await expect(page.locator(`[id="${errorId}"]`)).toContainText('Invalid');
  await expect(page.locator(`[id="${errorId}"]`)).toHaveAttribute('data-path', 'theme.color');
  await expect(page.getByRole('button', { name: 'Publish settings' })).toBeDisabled();
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Not saved: 1 field(s) need fixing.' })).toBeVisible();

  await page.getByRole('tab', { name: 'Cache and limits' }).click();
  const perMinute = page.getByLabel('Messages per visitor per minute');
  await perMinute.fill('0');
  await expect(page.locator('.field', { has: perMinute }).locator('.field-error')).toContainText('>=1');

  // Nothing reached the draft: the server still has the old values.
  const res = await page.request.get(`${parley.url}/admin/api/sites/demo`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  const { draft } = (await res.json()) as { draft: { theme: { color: string }; limits: { messagesPerMinute: number } } };
  expect(draft.theme.color).toBe('#0f766e');
  expect(draft.limits.messagesPerMinute).toBe(20);
});

test('tiers are chosen from the providers this deployment has credentials for, and prices are set per model', async ({
  page,
  parleyWith,
}) => {
  const parley = await parleyWith({
    ADMIN_TOKEN,
    FAQ_PACE_MS: '0',
    OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
    OPENAI_API_KEY: 'k',
    OPENAI_MODEL: 'mock-chat',
  });
  await signIn(page, parley.url, ADMIN_TOKEN);
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('tab', { name: 'Models and prices' }).click();
  await expect(page.getByTestId('providers')).toHaveText('openai, faq');
  await page.getByLabel("Use this deployment's default chains (from its secrets)").uncheck();
  const provider = page.getByLabel('fast #1 provider');
  await expect(provider.locator('option')).toHaveText(['openai', 'faq']);
  await expect(page.getByLabel('fast #1 model')).toHaveValue('mock-chat');
  await page.getByRole('button', { name: 'Add a fallback to fast' }).click();
  await page.getByLabel('fast #2 provider').selectOption('faq');
  await page.getByLabel('fast #2 model').fill('faq');
  await page.getByLabel('Model name').fill('mock-chat');
  await page.getByRole('button', { name: 'Add a price' }).click();
  await page.getByLabel('mock-chat output').fill('2.5');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved to the draft.' })).toBeVisible();
  const res = await page.request.get(`${parley.url}/admin/api/sites/demo`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  const { draft } = (await res.json()) as {
    draft: { tiers: { fast: { provider: string; model: string }[] }; prices: Record<string, unknown> };
  };
  expect(draft.tiers.fast.map((l) => `${l.provider}/${l.model}`)).toEqual(['openai/mock-chat', 'faq/faq']);
  expect(draft.prices['mock-chat']).toEqual({ input: 0, cachedInput: 0, output: 2.5 });
});
