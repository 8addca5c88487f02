/**
 * The assistant's voice and the desk's business hours, edited in the console: every field checked by the
 * Worker's own schema with its message beside it, saved to the draft, published with a readable diff.
 */
import type { APIRequestContext, Page } from '@playwright/test';
import { ADMIN_TOKEN, fieldError, openSettingsAs } from './console-support';
import { expect, test } from './fixtures';

const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** Check the diff lists `lines`, publish, and return the live version's config as the Worker stored it. */
async function publishShowing(page: Page, request: APIRequestContext, url: string, lines: string[]): Promise<Record<string, unknown>> {
  const diff = page.getByRole('list', { name: 'Settings changes against the live version' });
  for (const line of lines) await expect(diff).toContainText(line);
  await page.getByRole('button', { name: 'Publish settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Published version \d+\./ })).toBeVisible();
  const site = (await (await request.get(`${url}/admin/api/sites/demo`, { headers: auth })).json()) as { liveVersion: number };
  const live = await request.get(`${url}/admin/api/sites/demo/versions/${site.liveVersion}`, { headers: auth });
  return ((await live.json()) as { config: Record<string, unknown> }).config;
}

test("an editor sets the assistant's name, strictness and instructions", async ({ page, parleyWith, request }) => {
  const parley = await parleyWith({ ADMIN_TOKEN, FAQ_PACE_MS: '0' });
  await openSettingsAs(page, request, parley.url, 'editor');
  await page.getByRole('tab', { name: 'Assistant' }).click();
  const name = page.getByLabel('Assistant name');
  await name.fill('M'.repeat(101));
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(fieldError(page, 'Assistant name')).toContainText('<=100 characters');
  await expect(page.getByRole('button', { name: 'Publish settings' })).toBeDisabled();
  await name.fill('Mina');
  await expect(name).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Strictness').selectOption('balanced');
  await page.getByLabel('Instructions (English)').fill('Greet by name. Never promise refunds.');
  await page.getByLabel('Instructions (中文)').fill('请称呼客户的名字。');
  const config = await publishShowing(page, request, parley.url, [
    '+ assistant.strictness: "balanced"',
    '+ assistant.name: "Mina"',
    '+ assistant.instructions.en: "Greet by name. Never promise refunds."',
  ]);
  expect(config.assistant).toEqual({
    name: 'Mina',
    strictness: 'balanced',
    instructions: { en: 'Greet by name. Never promise refunds.', zh: '请称呼客户的名字。' },
  });
  // Emptying a field removes the key, so the schema's default applies again.
  await page.getByLabel('Assistant name').fill('');
  await expect(page.getByRole('list', { name: 'Settings changes against the live version' })).toContainText(
    '− assistant.name (was "Mina")',
  );
});

test('business hours: zone, ranges, holidays checked, shown open or closed', async ({ page, parleyWith, request }) => {
  const parley = await parleyWith({ ADMIN_TOKEN, FAQ_PACE_MS: '0' });
  await openSettingsAs(page, request, parley.url, 'admin');
  await page.getByRole('tab', { name: 'Hours and handoff' }).click();
  const desk = page.getByTestId('desk-open');
  await expect(desk).toHaveText('No business hours: the desk counts as always open.');
  await page.getByLabel('Keep business hours for the human desk').check();

  await page.getByLabel('Time zone (IANA)').fill('Mars/Olympus');
  await expect(fieldError(page, 'Time zone (IANA)')).toHaveText('not an IANA time zone');
  await expect(desk).toHaveText('Fix the hours to see whether the desk is open now.');
  await page.getByLabel('Time zone (IANA)').fill('UTC');
  await page.getByLabel('Monday opening hours').fill('09:00-25:00');
  await expect(fieldError(page, 'Monday opening hours')).toContainText('range 1: a time is HH:MM (00:00–24:00)');
  await page.getByLabel('Monday opening hours').fill('12:00-09:00');
  await expect(fieldError(page, 'Monday opening hours')).toContainText('range 1: a range opens before it closes');
  for (const day of DAYS) await page.getByLabel(`${day} opening hours`).fill('00:00-24:00');
  await expect(desk).toHaveText('By these hours the desk is open now.');
  const today = new Date().toISOString().slice(0, 10);
  await page.getByLabel('Holidays (YYYY-MM-DD, one a line)').fill(`25/12/2026\n${today}`);
  await expect(fieldError(page, 'Holidays (YYYY-MM-DD, one a line)')).toContainText('line 1: a holiday is YYYY-MM-DD');
  await page.getByLabel('Holidays (YYYY-MM-DD, one a line)').fill(today);
  await expect(desk).toHaveText('By these hours the desk is closed now.');
  await page.getByLabel('Monday opening hours').fill('09:00-12:00, 13:00-17:30');
  await page.getByLabel('Longest wait for a person (seconds)').fill('120');
  const idle = 'Idle minutes before a conversation closes (0: never)';
  await expect(page.getByLabel(idle)).toHaveValue('30');
  await page.getByLabel(idle).fill('-1');
  await expect(fieldError(page, idle)).toContainText('>=0');
  await page.getByLabel(idle).fill('5');

  const config = await publishShowing(page, request, parley.url, [
    '+ hours.timeZone: "UTC"',
    '+ hours.weekly.mon: [["09:00","12:00"],["13:00","17:30"]]',
    '+ handoff.idleCloseMinutes: 5',
  ]);
  expect(config.handoff).toMatchObject({ idleCloseMinutes: 5 });
  expect(config.hours).toMatchObject({
    timeZone: 'UTC',
    holidays: [today],
    waitLimitSeconds: 120,
    weekly: {
      mon: [
        ['09:00', '12:00'],
        ['13:00', '17:30'],
      ],
      sun: [['00:00', '24:00']],
    },
  });
});
