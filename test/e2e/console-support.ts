import type { Page } from '@playwright/test';

export const ADMIN_TOKEN = 'e2e-console-admin-token-0123456789';

/** Open the console and sign in with a token. */
export async function signIn(page: Page, url: string, token: string): Promise<void> {
  await page.goto(`${url}/admin`);
  await page.getByLabel('Admin token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
}

/** Ask the widget on the demo page one question; returns the chat log locator. */
export async function askWidget(page: Page, url: string, text: string) {
  await page.goto(`${url}/`);
  await page.getByRole('button', { name: 'Open support chat' }).click();
  const box = page.getByRole('textbox', { name: 'Your message' });
  await box.fill(text);
  await box.press('Enter');
  return page.getByRole('log');
}

/** Sign in with any role's token; waits for the console's navigation rather than a particular page. */
export async function signInAny(page: Page, url: string, token: string): Promise<void> {
  await page.goto(`${url}/admin`);
  await page.getByLabel('Admin token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Console' }).waitFor();
}

/** Issue a token through the admin API with the bootstrap admin token; returns the secret. */
export async function issueToken(
  request: {
    post: (
      url: string,
      opts: { headers: Record<string, string>; data: unknown },
    ) => Promise<{ status(): number; json(): Promise<unknown> }>;
  },
  url: string,
  role: string,
  label: string,
): Promise<string> {
  const res = await request.post(`${url}/admin/api/tokens`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, data: { role, label } });
  if (res.status() !== 201) throw new Error(`issuing a ${role} token: HTTP ${res.status()}`);
  return ((await res.json()) as { token: string }).token;
}

/** Issue a `role` token, sign in with it and open the Settings page; returns the token. */
export async function openSettingsAs(page: Page, request: Parameters<typeof issueToken>[0], url: string, role: string): Promise<string> {
  const token = role === 'admin' ? ADMIN_TOKEN : await issueToken(request, url, role, `e2e ${role}`);
  await signInAny(page, url, token);
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Settings' }).click();
  return token;
}

/** The validation message shown beside the field labelled `label`. */
export const fieldError = (page: Page, label: string) =>
  page.locator('.field', { has: page.getByLabel(label, { exact: true }) }).locator('.field-error');
