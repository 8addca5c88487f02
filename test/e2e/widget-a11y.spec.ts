/**
 * Accessibility, mobile and right-to-left: keyboard-only use, axe with zero violations, the phone
 * layout, Arabic. Screenshots of the open widget go to /tmp/parley-shots/ (outside the repo) for review.
 */
import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { devices, type Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { type HostServer, shopPage, startHost } from './host-server';

const SHOTS = '/tmp/parley-shots';
let host: HostServer;
test.beforeAll(async () => {
  host = await startHost();
  mkdirSync(SHOTS, { recursive: true });
});
test.afterAll(async () => host.close());

/** Axe over the widget only (the host page is not ours); it must have checked something. */
async function axe(page: Page) {
  const r = await new AxeBuilder({ page }).include('parley-chat').analyze();
  expect(r.passes.map((p) => p.id)).toContain('button-name');
  return r;
}

test('keyboard only: Tab to the launcher, Enter opens with focus in the input, Enter sends, Escape closes and focus returns', async ({
  page,
  parley,
}) => {
  await page.goto(`${parley.url}/`);
  const launcher = page.getByRole('button', { name: 'Open support chat' });
  await expect(launcher).toBeVisible();
  for (let i = 0; i < 10 && !(await launcher.evaluate((el) => el.matches(':focus'))); i++) await page.keyboard.press('Tab');
  await expect(launcher).toBeFocused();
  await page.keyboard.press('Enter');
  const input = page.getByRole('textbox', { name: 'Your message' });
  await expect(input).toBeFocused();
  await page.keyboard.type('How long does shipping take?');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('log')).toContainText('Shipping is free on orders over $49.');
  // The finished reply is announced through a polite live region.
  await expect(page.locator('parley-chat [aria-live=polite]')).toContainText('Shipping is free');
  // Feedback is reachable and operable by keyboard.
  const up = page.getByRole('button', { name: 'Helpful', exact: true });
  await up.focus();
  await page.keyboard.press('Enter');
  await expect(up).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(launcher).toBeFocused();
});

test('axe finds no violations, closed and open with a conversation, in light and dark', async ({ page, parley }) => {
  await page.goto(`${parley.url}/`);
  await expect(page.getByRole('button', { name: 'Open support chat' })).toBeVisible();
  expect((await axe(page)).violations).toEqual([]);
  await page.getByRole('button', { name: 'Open support chat' }).click();
  const box = page.getByRole('textbox', { name: 'Your message' });
  await box.fill('How do I return an item?');
  await box.press('Enter');
  await expect(page.getByRole('button', { name: 'Helpful', exact: true })).toBeVisible();
  expect((await axe(page)).violations).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/widget-desktop.png` });
  await page.emulateMedia({ colorScheme: 'dark' });
  expect((await axe(page)).violations).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/widget-dark.png` });
});

test('right-to-left: Arabic strings, mirrored layout, axe clean', async ({ page, parley }) => {
  await page.goto(host.set('/ar', { body: shopPage(parley.url, { locale: 'ar' }, '', 'ar') }));
  await page.getByRole('button', { name: 'افتح دردشة الدعم' }).click();
  const dialog = page.getByRole('dialog', { name: 'الدعم' });
  await expect(dialog).toHaveAttribute('dir', 'rtl');
  await expect(dialog).toHaveCSS('direction', 'rtl');
  await expect(dialog.getByRole('log')).toContainText('مرحبًا');
  const box = dialog.getByRole('textbox', { name: 'رسالتك' });
  await box.fill('How long does shipping take?');
  await box.press('Enter');
  await expect(dialog.getByRole('log')).toContainText('Shipping is free');
  // Mirrored: the visitor's bubble sits on the left, the send button left of the input.
  const visitor = await dialog.locator('[data-role=visitor]').boundingBox();
  const input = await box.boundingBox();
  const send = await dialog.getByRole('button', { name: 'إرسال' }).boundingBox();
  const panel = await dialog.boundingBox();
  if (!visitor || !input || !send || !panel) throw new Error('missing boxes');
  const vp = page.viewportSize();
  expect(panel.x + panel.width).toBeLessThanOrEqual(vp?.width ?? 0);
  expect(visitor.x - panel.x).toBeLessThan(30);
  expect(send.x).toBeLessThan(input.x);
  expect((await axe(page)).violations).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/widget-rtl.png` });
});

test.describe('phone', () => {
  const { defaultBrowserType: _, ...pixel } = devices['Pixel 7'];
  test.use(pixel);

  test('full-screen panel in dynamic viewport units, 16px input, host page not scrolled, axe clean', async ({ page, parley }) => {
    await page.goto(`${parley.url}/`);
    await page.getByRole('button', { name: 'Open support chat' }).tap();
    const dialog = page.getByRole('dialog', { name: 'Support' });
    const vp = page.viewportSize();
    const box = await dialog.boundingBox();
    expect(box).toEqual({ x: 0, y: 0, width: vp?.width, height: vp?.height });
    const input = page.getByRole('textbox', { name: 'Your message' });
    await expect(input).toHaveCSS('font-size', '16px');
    await expect(input).toBeFocused();
    await input.fill('Which payment methods do you accept?');
    await input.press('Enter');
    await expect(dialog.getByRole('log')).toContainText('WeChat Pay');
    expect(await page.evaluate(() => scrollY)).toBe(0);
    expect((await axe(page)).violations).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/widget-phone.png` });
    // Uses dynamic viewport units (or the visual viewport's height), so browser chrome and keyboards fit.
    const css = await page.evaluate(() => {
      const root = document.querySelector('parley-chat')?.shadowRoot;
      return [...(root?.adoptedStyleSheets ?? [])].flatMap((s) => [...s.cssRules].map((r) => r.cssText)).join('\n');
    });
    expect(css).toMatch(/100dvh/);
    expect(css).toMatch(/safe-area-inset-bottom/);
  });
});
