/** The dashboard's outcomes panel: CSAT, resolution and handoff rates and waits, drawn and axe-clean. */
import AxeBuilder from '@axe-core/playwright';
import { ADMIN_TOKEN, signInAny } from './console-support';
import { expect, test } from './fixtures';

test('the dashboard shows the last week’s outcomes and stays axe-clean', async ({ page, parleyWith }) => {
  const parley = await parleyWith({ ADMIN_TOKEN, FAQ_PACE_MS: '0' });
  await signInAny(page, parley.url, ADMIN_TOKEN);
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Dashboard' }).click();
  const panel = page.getByRole('region', { name: 'Outcomes, last 7 days' });
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('img', { name: 'Outcome rates' })).toBeVisible();
  await expect(panel.getByRole('img', { name: /CSAT ratings/ })).toBeVisible();
  await expect(panel.getByRole('img', { name: 'Waits for a person' })).toBeVisible();
  await expect(panel.getByText('Resolved by the assistant').first()).toBeVisible();
  const r = await new AxeBuilder({ page }).include('main').analyze();
  expect(r.passes.length).toBeGreaterThan(0);
  expect(r.violations.map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});
