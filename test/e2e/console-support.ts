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
