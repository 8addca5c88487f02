/**
 * An action with side effects in the visitor's widget, against the real server and the mock model asking to
 * cancel an order: the turn ends in a confirm card and nothing runs; Approve (a WebSocket `confirm` frame) runs
 * the action once (its progress line shown meanwhile) and its reply streams in, the card then shows the answer with both buttons disabled, also
 * after a reload; over SSE, Decline goes by `POST /v1/confirm` and its reply streams back in that response.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { DEMO_SITE } from '../../worker/seed/demo-site';
import { receivedRequests, type Scenario, setScenario } from '../fixtures/mock-client';
import { ask, expect, statusesOf, test } from './fixtures';
import { type HostServer, shopPage, startHost } from './host-server';

const ADMIN = 'e2e-admin-token';
let host: HostServer;
test.beforeAll(async () => {
  host = await startHost();
});
test.afterAll(async () => host.close());

let n = 0;
/** A Parley whose model asks to cancel order 4411, with the site's `cancel_order` endpoint on the mock upstream. */
async function cancellingParley(mockUrl: string, parleyWith: (b: Record<string, string>) => Promise<{ url: string }>) {
  const id = `e2e-act-${Date.now().toString(36)}-${n++}`;
  const base = await setScenario(mockUrl, `${id}-model`, {
    calls: [{ reply: '', toolCalls: [{ id: 'call_c', name: 'cancel_order', arguments: '{"orderId":"4411"}' }] }],
  } as unknown as Scenario);
  await setScenario(mockUrl, `${id}-action`, {
    calls: [{ actionBody: { message: 'Order 4411 is cancelled; the refund is on its way.' }, actionDelayMs: 1500 }],
  } as unknown as Scenario);
  const parley = await parleyWith({
    OPENAI_BASE_URL: base,
    OPENAI_API_KEY: 'k',
    OPENAI_MODEL: 'mock-chat',
    ADMIN_TOKEN: ADMIN,
    ACTION_SECRET_TEST: 'action-secret-for-e2e',
    FAQ_PACE_MS: '5',
  });
  const action = {
    name: 'cancel_order',
    description: 'Cancel an order that has not shipped yet.',
    parameters: { type: 'object', properties: { orderId: { type: 'string' } }, required: ['orderId'] },
    endpoint: `${mockUrl}/action/${id}-action`,
    secret: 'ACTION_SECRET_TEST',
    confirm: true,
    status: { en: 'Cancelling your order…' },
  };
  const headers = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
  const site = { ...DEMO_SITE, intents: [], assistant: { strictness: 'balanced' }, actions: [action] };
  const put = await fetch(`${parley.url}/admin/api/sites/demo`, { method: 'PUT', headers, body: JSON.stringify(site) });
  expect(put.status, await put.clone().text()).toBeLessThan(300);
  expect((await fetch(`${parley.url}/admin/api/sites/demo/publish`, { method: 'POST', headers, body: '{}' })).status).toBeLessThan(300);
  return { parley, hits: () => receivedRequests(mockUrl, `${id}-action`) };
}

const card = (page: Page) => page.getByRole('dialog').getByRole('group', { name: 'Please confirm' });

test('a confirm card: nothing runs until Approve; the reply streams in and the answer survives a reload', async ({
  page,
  mock,
  parleyWith,
}) => {
  const { parley, hits } = await cancellingParley(mock.url, parleyWith);
  const sent: { type: string }[] = [];
  page.on('websocket', (ws) => ws.on('framesent', (e) => sent.push(JSON.parse(String(e.payload)))));
  await page.goto(host.set('/act-ws', { body: shopPage(parley.url) }));
  await page.getByRole('button', { name: 'Open support chat' }).click();
  await ask(page, 'Please cancel order 4411');
  await expect(card(page)).toContainText('4411');
  const approve = card(page).getByRole('button', { name: 'Approve' });
  await expect(approve).toBeEnabled();
  // The turn that asked ended with no words of its own: no "typing" left behind.
  await expect(page.getByRole('dialog').getByText('Assistant is typing…')).toHaveCount(0);
  expect(await hits()).toHaveLength(0);
  const axe = await new AxeBuilder({ page }).include('parley-chat').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((node) => node.target).join(' ')}`)).toEqual([]);

  await approve.click();
  const dialog = page.getByRole('dialog');
  // While the (slow) endpoint works, the action's progress line is shown; it goes when the reply comes.
  const progress = dialog.getByRole('status').filter({ hasText: 'Cancelling your order…' });
  await expect(progress).toBeVisible();
  await expect(dialog.locator('[data-role=assistant]').last()).toHaveText('Order 4411 is cancelled; the refund is on its way.');
  await expect(progress).toHaveCount(0);
  expect(sent.filter((f) => f.type === 'confirm')).toEqual([{ type: 'confirm', callId: expect.any(String), approve: true }]);
  await expect(card(page)).toContainText('Approved');
  await expect(approve).toBeDisabled();
  await expect(approve).toHaveAttribute('aria-pressed', 'true');
  await expect(card(page).getByRole('button', { name: 'Decline' })).toBeDisabled();
  expect(await hits()).toHaveLength(1);

  await page.reload();
  await page.getByRole('button', { name: /^Open support chat/ }).click();
  await expect(card(page)).toContainText('Approved');
  await expect(card(page).getByRole('button', { name: 'Approve' })).toBeDisabled();
  await expect(page.getByRole('dialog').locator('[data-role=assistant]').last()).toHaveText(
    'Order 4411 is cancelled; the refund is on its way.',
  );
});

test('over SSE, Decline goes by POST /v1/confirm, runs nothing, and its reply streams back', async ({ page, mock, parleyWith }) => {
  const { parley, hits } = await cancellingParley(mock.url, parleyWith);
  const answers = statusesOf(page, '/v1/confirm');
  await page.goto(host.set('/act-sse', { body: shopPage(parley.url, { transport: 'sse' }) }));
  await page.getByRole('button', { name: 'Open support chat' }).click();
  await ask(page, 'Please cancel order 4411');
  await card(page).getByRole('button', { name: 'Decline' }).click();
  await expect(page.getByRole('dialog').locator('[data-role=assistant]').last()).toHaveText("OK, I haven't done that.");
  await expect(card(page)).toContainText('Declined');
  expect(answers).toEqual([200]);
  expect(await hits()).toHaveLength(0);
});
