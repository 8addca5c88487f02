/**
 * The Actions page: an editor defines an action on a local endpoint (checked by the Worker's schema beside the
 * field), test-calls it with sample arguments and sees the signed request and the endpoint's answer; the
 * endpoint checks the signature and gets the sample verified id, not the one in the arguments. Auditors read it;
 * agents never see it.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import { ADMIN_TOKEN, issueToken, signInAny } from './console-support';
import { expect, test } from './fixtures';

const SECRET = 'e2e-action-signing-secret-0123456789';

interface Received {
  body: string;
  timestamp: string;
  signature: string;
}

/** An order-status endpoint on 127.0.0.1 that records each request and answers with the order. */
async function ordersEndpoint(): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      received.push({ body, timestamp: String(req.headers['x-parley-timestamp']), signature: String(req.headers['x-parley-signature']) });
      const { orderId } = JSON.parse(body || '{}') as { orderId?: string };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ orderId, status: 'shipped', eta: '2026-12-08' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders`, received, server };
}

const nav = (page: import('@playwright/test').Page) => page.getByRole('navigation', { name: 'Console' });

test('define an action, test-call it with sample arguments, see the signed request and the response, publish', async ({
  page,
  parleyWith,
  request,
}) => {
  const endpoint = await ordersEndpoint();
  const parley = await parleyWith({ ADMIN_TOKEN, FAQ_PACE_MS: '0', ACTION_SECRET_ORDERS: SECRET });
  const editor = await issueToken(request, parley.url, 'editor', 'e2e editor');
  await signInAny(page, parley.url, editor);
  await nav(page).getByRole('link', { name: 'Actions' }).click();
  await expect(page.getByRole('heading', { name: 'Actions · demo' })).toBeVisible();
  // The new action goes after any the demo site is seeded with.
  const A = `Action ${(await page.locator('main fieldset').count()) + 1}`;
  await page.getByRole('button', { name: 'Add an action' }).click();

  await page.getByLabel(`${A} name`).fill('order_lookup');
  await page.getByLabel(`${A} description (the model reads it)`).fill('Look up where an order is by its number.');
  // The schema refuses an endpoint on a host the site does not list, beside the field.
  await page.getByLabel(`${A} endpoint`).fill('https://evil.example/orders');
  const endpointField = page.locator('.field', { has: page.getByLabel(`${A} endpoint`) });
  await expect(endpointField.locator('.field-error')).toContainText("the endpoint's host evil.example is not one of the site's origins");
  await page.getByLabel(`${A} endpoint`).fill(endpoint.url);
  await expect(endpointField.locator('.field-error')).toHaveCount(0);
  await page.getByLabel(`${A} signing secret name`).fill('ACTION_SECRET_ORDERS');
  await page.getByLabel(`${A} parameters (JSON Schema)`).fill('{"type": "object", "properties": {"orderId": {"type": "string"}}');
  await expect(page.getByLabel(`${A} parameters (JSON Schema)`)).toHaveAttribute('aria-invalid', 'true');
  await page
    .getByLabel(`${A} parameters (JSON Schema)`)
    .fill('{"type": "object", "properties": {"orderId": {"type": "string"}}, "required": ["orderId"]}');
  await page.getByLabel(`${A} identity fields`).fill('userId');

  await page.getByLabel('Sample arguments for order_lookup (JSON)').fill('{"orderId": "4411", "userId": "someone-else"}');
  await page.getByLabel('Sample verified user id for order_lookup (empty: an anonymous visitor)').fill('visitor-7');
  await page.getByRole('button', { name: 'Test-call order_lookup' }).click();
  const result = page.getByRole('region', { name: 'Test call of order_lookup' });
  await expect(result.getByTestId('test-request')).toContainText(`POST ${endpoint.url}`);
  await expect(result.getByTestId('test-request')).toContainText(/x-parley-signature: t=\d+,v1=[0-9a-f]{64}/);
  await expect(result.getByTestId('test-request')).toContainText('"userId":"visitor-7"');
  await expect(result.getByTestId('test-request')).not.toContainText(SECRET);
  await expect(result.getByTestId('test-response')).toContainText('HTTP 200 in');
  await expect(result.getByTestId('test-response')).toContainText('"status": "shipped"');

  // The endpoint got a valid signature over the body, and the verified id in place of the model's.
  expect(endpoint.received).toHaveLength(1);
  const [got] = endpoint.received;
  const expected = createHmac('sha256', SECRET).update(`${got?.timestamp}.${got?.body}`).digest('hex');
  expect(got?.signature).toBe(`t=${got?.timestamp},v1=${expected}`);
  expect(JSON.parse(got?.body ?? '{}')).toEqual({ orderId: '4411', userId: 'visitor-7' });

  const axe = await new AxeBuilder({ page }).include('main').analyze();
  expect(axe.passes.length).toBeGreaterThan(0);
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  await expect(page.getByRole('list', { name: 'Actions changes against the live version' })).toContainText('"order_lookup"');
  await page.getByRole('button', { name: 'Publish actions' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Published version \d+\./ })).toBeVisible();
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
  const site = (await (await request.get(`${parley.url}/admin/api/sites/demo`, { headers: auth })).json()) as { liveVersion: number };
  const live = await request.get(`${parley.url}/admin/api/sites/demo/versions/${site.liveVersion}`, { headers: auth });
  const { config } = (await live.json()) as { config: { actions: { name: string; endpoint: string; identity: string[] }[] } };
  expect(config.actions.find((a) => a.name === 'order_lookup')).toMatchObject({ endpoint: endpoint.url, identity: ['userId'] });
  endpoint.server.close();
});

test("an auditor reads the actions but cannot edit or test-call them; an agent's console has no Actions page", async ({
  page,
  parleyWith,
  request,
}) => {
  const parley = await parleyWith({ ADMIN_TOKEN, FAQ_PACE_MS: '0' });
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
  const { draft } = (await (await request.get(`${parley.url}/admin/api/sites/demo`, { headers: auth })).json()) as {
    draft: Record<string, unknown>;
  };
  const action = {
    name: 'order_status',
    description: 'Order lookup.',
    endpoint: 'http://127.0.0.1:9/orders',
    secret: 'ACTION_SECRET_ORDERS',
  };
  const put = await request.put(`${parley.url}/admin/api/sites/demo`, { headers: auth, data: { ...draft, actions: [action] } });
  expect(put.status()).toBe(200);

  const auditor = await issueToken(request, parley.url, 'auditor', 'e2e auditor');
  await signInAny(page, parley.url, auditor);
  await nav(page).getByRole('link', { name: 'Actions' }).click();
  await expect(page.getByText('Read only')).toBeVisible();
  await expect(page.getByLabel('Action 1 name')).toHaveValue('order_status');
  await expect(page.getByLabel('Action 1 name')).toBeDisabled();
  await expect(page.getByLabel('Action 1 enabled')).toBeDisabled();
  for (const name of ['Add an action', 'Remove action 1', 'Test-call order_status', 'Save draft', 'Publish actions'])
    await expect(page.getByRole('button', { name })).toHaveCount(0);

  const agent = await issueToken(request, parley.url, 'agent', 'e2e agent');
  await page.evaluate(() => sessionStorage.clear());
  await signInAny(page, parley.url, agent);
  await expect(nav(page).getByRole('link', { name: 'Actions' })).toHaveCount(0);
  await page.goto(`${parley.url}/admin#/actions`);
  await expect(page.getByRole('heading', { name: /^Actions/ })).toHaveCount(0);
});
