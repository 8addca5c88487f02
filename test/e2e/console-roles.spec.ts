import { ADMIN_TOKEN, signIn } from './console-support';
import { expect, test } from './fixtures';

test('an auditor token can read metrics and the audit log but cannot edit', async ({ page, parleyWith, request }) => {
  const parley = await parleyWith({ ADMIN_TOKEN, FAQ_PACE_MS: '0' });
  const issued = await request.post(`${parley.url}/admin/api/tokens`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    data: { role: 'auditor', label: 'e2e auditor' },
  });
  expect(issued.status()).toBe(201);
  const { token } = (await issued.json()) as { token: string };

  // Some traffic, so the audit log has rows.
  await request.post(`${parley.url}/v1/chat`, {
    headers: { origin: parley.url },
    data: { siteKey: 'demo', message: { id: 'a1', text: 'How long does shipping take?' } },
  });

  await signIn(page, parley.url, token);
  await expect(page.getByTestId('role')).toHaveText('auditor');
  const nav = page.getByRole('navigation', { name: 'Console' });
  await expect(nav.getByRole('link', { name: 'Audit log' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Conversations' })).toHaveCount(0);

  await nav.getByRole('link', { name: 'Intents' }).click();
  await expect(page.getByRole('table', { name: 'Intents in the draft' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'New intent' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Publish draft' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Roll back/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'View shipping' }).click();
  const form = page.getByRole('form', { name: 'Edit intent shipping' });
  await expect(form.getByLabel('Label')).toBeDisabled();
  await expect(form.getByRole('button', { name: 'Save draft' })).toHaveCount(0);

  // The API agrees: the same token is refused an edit.
  const edit = await request.post(`${parley.url}/admin/api/sites/demo/publish`, { headers: { authorization: `Bearer ${token}` } });
  expect(edit.status()).toBe(403);

  await nav.getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('table', { name: 'Turns' }).getByRole('cell', { name: 'shipping' }).first()).toBeVisible();
});

test('the console is served under a strict CSP and never framed', async ({ request, parley }) => {
  const res = await request.get(`${parley.url}/admin`);
  expect(res.status()).toBe(200);
  const csp = res.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(res.headers()['x-content-type-options']).toBe('nosniff');
  const html = await res.text();
  // No inline script or style in the page the CSP protects.
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  expect(html).not.toMatch(/<style|style=/);
});
