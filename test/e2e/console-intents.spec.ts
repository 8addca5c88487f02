import { ADMIN_TOKEN, askWidget, signIn } from './console-support';
import { expect, test } from './fixtures';

const ANSWER = 'Yes! Gift wrapping in Lantern & Leaf paper is free on every order.';
const QUESTION = 'Do you offer gift wrapping?';

test('a support person adds an intent, tries it, publishes it, sees the widget answer with it, and rolls back', async ({
  page,
  browser,
  parleyWith,
  request,
}) => {
  test.setTimeout(90_000);
  const parley = await parleyWith({ ADMIN_TOKEN, FAQ_PACE_MS: '2' });
  const cspViolations: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') cspViolations.push(m.text());
  });
  await signIn(page, parley.url, ADMIN_TOKEN);
  await expect(page.getByTestId('role')).toHaveText('admin');

  await page.getByRole('link', { name: 'Intents' }).click();
  await expect(page.getByText('The draft has no changes against it.')).toBeVisible();
  await page.getByRole('button', { name: 'New intent' }).click();
  const form = page.getByRole('form', { name: 'New intent' });
  await form.getByLabel('Intent id').fill('gift-wrap');
  await form.getByLabel('Label').fill('Gift wrapping');
  await form.getByLabel('Examples').fill('Do you offer gift wrapping?\ncan you wrap it as a present\nis gift wrap available');
  await form.getByLabel('Keywords').fill('gift wrapping\ngift wrap');
  await form.getByLabel('Patterns').fill('wrap(ped)? as a (gift|present');
  await form.getByLabel('Canned answer (en)').fill(ANSWER);
  await form.getByRole('button', { name: 'Save draft' }).click();
  // The server's validation message appears next to the field it is about.
  await expect(form.locator('#err-patterns')).toContainText('patterns.0');
  await expect(form.getByLabel('Patterns')).toHaveAttribute('aria-invalid', 'true');
  await form.getByLabel('Patterns').fill('wrap(ped)? as a (gift|present)');
  await form.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved intent gift-wrap to the draft.');
  await expect(page.getByRole('row', { name: /gift-wrap/ })).toBeVisible();

  // Try it against the draft: routed to the new intent, with its reason.
  await page.getByRole('link', { name: 'Try it' }).click();
  await page.getByLabel('Visitor message').fill(QUESTION);
  await page.getByLabel('Route against the unpublished draft').check();
  await page.getByRole('button', { name: 'Try', exact: true }).click();
  await expect(page.getByTestId('decision-intent')).toHaveText('gift-wrap');
  await expect(page.getByRole('definition').filter({ hasText: /keyword|pattern|classifier/ })).toBeVisible();

  // Publish, seeing the diff against the live version first.
  await page.getByRole('link', { name: 'Intents' }).click();
  const diff = page.getByRole('list', { name: 'Changes against the live version' });
  await expect(diff).toContainText('gift-wrap');
  await expect(diff).toContainText('added');
  await page.getByLabel('Note').fill('gift wrapping');
  await page.getByRole('button', { name: 'Publish draft' }).click();
  await expect(page.getByRole('status')).toHaveText(/Published version (\d+)\./);
  const published = Number(/(\d+)/.exec((await page.getByRole('status').textContent()) ?? '')?.[1]);
  await expect(page.getByText('The draft has no changes against it.')).toBeVisible();

  // A visitor on the demo page gets the new canned answer.
  const visitor = await browser.newPage();
  await expect(await askWidget(visitor, parley.url, QUESTION)).toContainText(ANSWER);
  await visitor.close();

  // Roll back to the version before; the live diff shows the intent as not live any more.
  await page.getByRole('button', { name: `Roll back to v${published - 1}` }).click();
  await expect(page.getByRole('status')).toHaveText(`Rolled back to version ${published - 1}.`);
  await expect(page.getByRole('cell', { name: `v${published - 1} (live)` })).toBeVisible();
  await page.getByRole('link', { name: 'Try it' }).click();
  await page.getByLabel('Visitor message').fill(QUESTION);
  await page.getByRole('button', { name: 'Try', exact: true }).click();
  await expect(page.getByTestId('decision-intent')).not.toHaveText('gift-wrap');
  // The chat route (what the widget calls) no longer gives the rolled-back answer: read a whole turn.
  const turn = await request.post(`${parley.url}/v1/chat`, {
    headers: { origin: parley.url },
    data: { siteKey: 'demo', message: { id: 'after-rollback', text: QUESTION } },
  });
  const sse = await turn.text();
  expect(sse).toMatch(/event: (done|error)/);
  expect(sse).not.toContain('Gift wrapping in Lantern');

  expect(cspViolations.filter((t) => /Content Security Policy/i.test(t))).toEqual([]);
});
