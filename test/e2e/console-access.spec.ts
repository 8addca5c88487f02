/**
 * What each role's console holds (pages by `/admin/api/me`), the read-only auditor, the admin's tokens,
 * API keys and privacy tools with secrets shown once, and axe over every page this console adds.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { ADMIN_TOKEN, issueToken, openSettingsAs, signInAny } from './console-support';
import { expect, test } from './fixtures';

const ALL = [
  'Dashboard',
  'Sites',
  'Settings',
  'Intents',
  'Knowledge',
  'Actions',
  'Try it',
  'Conversations',
  'Audit log',
  'Tokens',
  'API keys',
  'Privacy',
];
const EXPECTED: Record<string, string[]> = {
  admin: ALL,
  editor: ['Dashboard', 'Sites', 'Settings', 'Intents', 'Knowledge', 'Actions', 'Try it', 'Conversations'],
  auditor: ['Dashboard', 'Sites', 'Settings', 'Intents', 'Knowledge', 'Actions', 'Audit log'],
  agent: ['Conversations'],
};

const navLinks = (page: Page) => page.getByRole('navigation', { name: 'Console' }).getByRole('link');

test('each role sees only the pages it may use', async ({ page, parleyWith, request }) => {
  const parley = await parleyWith({ ADMIN_TOKEN, FAQ_PACE_MS: '0' });
  for (const role of ['admin', 'editor', 'auditor']) {
    const token = role === 'admin' ? ADMIN_TOKEN : await issueToken(request, parley.url, role, `e2e ${role}`);
    await page.evaluate(() => sessionStorage.clear()).catch(() => undefined);
    await signInAny(page, parley.url, token);
    await expect(page.getByTestId('role')).toHaveText(role);
    await expect(navLinks(page)).toHaveText(EXPECTED[role] ?? []);
  }
  // The agent role's console, with a real agent token.
  const agent = await issueToken(request, parley.url, 'agent', 'e2e agent');
  await page.evaluate(() => sessionStorage.clear());
  await signInAny(page, parley.url, agent);
  await expect(page.getByTestId('role')).toHaveText('agent');
  await expect(navLinks(page)).toHaveText(EXPECTED.agent ?? []);
  await expect(page.getByRole('heading', { level: 2 }).first()).toHaveText('Inbox');
  // A page outside the role is not reachable by its address either.
  await page.goto(`${parley.url}/admin#/tokens`);
  await expect(page.getByRole('heading', { name: 'Admin tokens' })).toHaveCount(0);
});

test("an auditor's settings are read-only: no edit, save, publish or purge controls at all", async ({ page, parleyWith, request }) => {
  const parley = await parleyWith({ ADMIN_TOKEN, FAQ_PACE_MS: '0' });
  await openSettingsAs(page, request, parley.url, 'auditor');
  await expect(page.getByText('Read only')).toBeVisible();
  await expect(page.getByLabel('Theme colour')).toBeDisabled();
  await expect(page.getByLabel('Pick a colour')).toHaveCount(0);
  for (const name of ['Save draft', 'Publish settings']) await expect(page.getByRole('button', { name })).toHaveCount(0);
  await page.getByRole('tab', { name: 'Assistant' }).click();
  await expect(page.getByLabel('Assistant name')).toBeDisabled();
  await expect(page.getByLabel('Instructions (English)')).toBeDisabled();
  await page.getByRole('tab', { name: 'Hours and handoff' }).click();
  await expect(page.getByLabel('Keep business hours for the human desk')).toBeDisabled();
  await page.getByRole('tab', { name: 'Cache and limits' }).click();
  await expect(page.getByLabel('Messages per visitor per minute')).toBeDisabled();
  await expect(page.getByRole('button', { name: "Purge this site's cache" })).toHaveCount(0);
  await page.getByRole('tab', { name: 'Retention and alerts' }).click();
  await expect(page.getByLabel('Keep transcripts for (hours)')).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Save retention and alerts' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Add an alert rule' })).toHaveCount(0);
  await navLinks(page).filter({ hasText: 'Sites' }).click();
  await expect(page.getByRole('form', { name: 'Create a site' })).toHaveCount(0);
});

test('an editor edits settings but not retention, and creates no sites', async ({ page, parleyWith, request }) => {
  const parley = await parleyWith({ ADMIN_TOKEN, FAQ_PACE_MS: '0' });
  const token = await openSettingsAs(page, request, parley.url, 'editor');
  // The section tabs follow the ARIA tabs pattern: arrow keys move between them.
  await page.getByRole('tab', { name: 'Models and prices' }).click();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Guards' })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'Guards' })).toHaveAttribute('aria-selected', 'true');
  await page.getByLabel('CARD action').selectOption('block');
  await page.getByLabel('Extra blocked terms (one a line)').fill('durian\nspoiler');
  const diff = page.getByRole('list', { name: 'Settings changes against the live version' });
  await expect(diff).toContainText('+ guards.piiTypes.CARD: "block"');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved to the draft.' })).toBeVisible();
  const saved = await request.get(`${parley.url}/admin/api/sites/demo`, { headers: { authorization: `Bearer ${token}` } });
  const { draft } = (await saved.json()) as { draft: { guards: { piiTypes: Record<string, string>; blockTerms: string[] } } };
  expect(draft.guards.piiTypes.CARD).toBe('block');
  expect(draft.guards.blockTerms).toEqual(['durian', 'spoiler']);
  await page.getByRole('tab', { name: 'Retention and alerts' }).click();
  await expect(page.getByRole('button', { name: 'Save retention and alerts' })).toHaveCount(0);
  await navLinks(page).filter({ hasText: 'Sites' }).click();
  await expect(page.getByRole('form', { name: 'Create a site' })).toHaveCount(0);
});

test('an admin issues and revokes a token and an API key (secrets shown once) and exports and deletes a visitor', async ({
  page,
  parleyWith,
}) => {
  const parley = await parleyWith({ ADMIN_TOKEN, FAQ_PACE_MS: '0' });
  await signInAny(page, parley.url, ADMIN_TOKEN);
  await navLinks(page).filter({ hasText: 'Tokens' }).click();
  const form = page.getByRole('form', { name: 'Issue a token' });
  await form.getByLabel('Role').selectOption('auditor');
  await form.getByLabel('Label').fill('Quarterly review');
  await form.getByRole('button', { name: 'Issue token' }).click();
  const secret = page.getByRole('region', { name: 'New token' }).getByTestId('new-secret');
  const value = (await secret.textContent()) ?? '';
  expect(value.length).toBeGreaterThan(20);
  const me = await page.request.get(`${parley.url}/admin/api/me`, { headers: { authorization: `Bearer ${value}` } });
  expect(((await me.json()) as { role: string }).role).toBe('auditor');
  await page.getByRole('button', { name: 'I have copied it' }).click();
  await expect(page.getByTestId('new-secret')).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Tokens' })).not.toContainText(value);
  await page.getByRole('button', { name: 'Revoke Quarterly review' }).click();
  await expect(page.getByRole('row', { name: /Quarterly review/ })).toContainText('revoked');
  const after = await page.request.get(`${parley.url}/admin/api/me`, { headers: { authorization: `Bearer ${value}` } });
  expect(after.status()).toBe(401);

  await navLinks(page).filter({ hasText: 'API keys' }).click();
  await page.getByLabel('Key name').fill('backend');
  await page.getByRole('button', { name: 'Issue API key' }).click();
  const key = (await page.getByRole('region', { name: 'New API key' }).getByTestId('new-secret').textContent()) ?? '';
  expect(key).toMatch(/^psk_/);
  const keyRow = page.getByRole('table', { name: 'API keys' }).getByRole('row').filter({ hasText: 'backend' });
  await expect(keyRow).toContainText(key.slice(0, 10));
  await keyRow.getByRole('button', { name: /^Revoke key_/ }).click();
  await expect(keyRow).toContainText('revoked');

  await navLinks(page).filter({ hasText: 'Privacy' }).click();
  await page.getByLabel('Visitor id').fill('visitor-42');
  await page.getByRole('button', { name: 'Export visitor data' }).click();
  await expect(page.getByRole('status', { name: 'Result' })).toContainText('Exported 0 turn(s) and 0 message(s).');
  await page.getByRole('button', { name: 'Delete visitor data' }).click();
  await expect(page.getByRole('button', { name: 'Delete for good' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status', { name: 'Result' })).toContainText('Deleted 0 turn(s) and 0 message(s) of this visitor on demo.');
});

/** Axe over the console's main region: it must have checked something and found nothing. */
async function axeClean(page: Page, what: string) {
  const r = await new AxeBuilder({ page }).include('main').analyze();
  expect(r.passes.length, what).toBeGreaterThan(0);
  expect(r.violations.map((v) => `${what}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test.describe('the pages this console adds are axe-clean', () => {
  let url = '';
  test.beforeAll(async ({ parleyWith }) => {
    url = (await parleyWith({ ADMIN_TOKEN, FAQ_PACE_MS: '0' })).url;
  });

  test('sites, with the embed code shown', async ({ page }) => {
    await signInAny(page, url, ADMIN_TOKEN);
    await navLinks(page).filter({ hasText: 'Sites' }).click();
    await page.getByRole('button', { name: 'Embed code for demo' }).click();
    await axeClean(page, 'sites');
  });

  const tabs = [
    'General and look',
    'Models and prices',
    'Guards',
    'Assistant',
    'Hours and handoff',
    'Cache and limits',
    'FAQ',
    'Retention and alerts',
  ];
  for (const tab of tabs) {
    test(`settings: ${tab}`, async ({ page }) => {
      await signInAny(page, url, ADMIN_TOKEN);
      await navLinks(page).filter({ hasText: 'Settings' }).click();
      await page.getByRole('tab', { name: tab }).click();
      await expect(page.getByRole('tabpanel')).not.toContainText('Loading…');
      // With hours kept, so their fields are on the page too.
      if (tab === 'Hours and handoff') await page.getByLabel('Keep business hours for the human desk').check();
      await axeClean(page, `settings: ${tab}`);
    });
  }

  test('settings with a field error shown', async ({ page }) => {
    await signInAny(page, url, ADMIN_TOKEN);
    await navLinks(page).filter({ hasText: 'Settings' }).click();
    await page.getByLabel('Theme colour').fill('nope');
    await expect(page.getByLabel('Theme colour')).toHaveAttribute('aria-invalid', 'true');
    await axeClean(page, 'settings with a field error');
  });

  for (const name of ['Tokens', 'API keys', 'Privacy']) {
    test(name, async ({ page }) => {
      await signInAny(page, url, ADMIN_TOKEN);
      await navLinks(page).filter({ hasText: name }).click();
      await expect(page.getByRole('heading', { level: 2 })).toBeVisible();
      await axeClean(page, name);
    });
  }
});
