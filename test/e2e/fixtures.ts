import { test as base, type Locator, type Page } from '@playwright/test';
import { DEMO_SITE } from '../../worker/seed/demo-site';
import { type Scenario, setScenario } from '../fixtures/mock-client';
import { type MockUpstream, startMockUpstream } from '../fixtures/mock-upstream';
import { type Served, serve } from '../fixtures/serve';

const SCRIPTED_ADMIN = 'e2e-scripted-admin';

/**
 * The demo site answers strictly from its knowledge; scripted tests ask the mock upstream things the shop's
 * page does not cover, so their server's demo site is published `balanced` (knowledge first, the model may answer).
 */
async function publishBalancedDemo(url: string): Promise<void> {
  const headers = { authorization: `Bearer ${SCRIPTED_ADMIN}`, 'content-type': 'application/json' };
  const draft = await fetch(`${url}/admin/api/sites/demo`, {
    method: 'PUT',
    headers,
    body: JSON.stringify({ ...DEMO_SITE, assistant: { strictness: 'balanced' } }),
  });
  if (!draft.ok) throw new Error(`demo draft: ${draft.status} ${await draft.text()}`);
  const published = await fetch(`${url}/admin/api/sites/demo/publish`, { method: 'POST', headers, body: '{}' });
  if (!published.ok) throw new Error(`demo publish: ${published.status} ${await published.text()}`);
}

/** Per-worker fixtures: a mock LLM upstream and a Parley server (built Worker in workerd) in memory. */
export const test = base.extend<
  object,
  {
    mock: MockUpstream;
    parley: Served;
    parleyWith: (bindings: Record<string, string>) => Promise<Served>;
    /** A Parley server whose OpenAI-compatible provider is the mock upstream, playing `scenario` under `id`. */
    scripted: (id: string, scenario: Scenario) => Promise<Served>;
  }
>({
  mock: [
    async ({}, use) => {
      const mock = await startMockUpstream();
      await use(mock);
      await mock.close();
    },
    { scope: 'worker' },
  ],
  parley: [
    async ({}, use) => {
      const served = await serve({ port: 0, persist: false, bindings: { FAQ_PACE_MS: '5' } });
      await use(served);
      await served.close();
    },
    { scope: 'worker' },
  ],
  parleyWith: [
    async ({}, use) => {
      const started: Served[] = [];
      await use(async (bindings) => {
        const s = await serve({ port: 0, persist: false, bindings });
        started.push(s);
        return s;
      });
      await Promise.all(started.map((s) => s.close()));
    },
    { scope: 'worker' },
  ],
  scripted: [
    async ({ mock, parleyWith }, use) => {
      await use(async (id, scenario) => {
        const base = await setScenario(mock.url, id, scenario);
        const served = await parleyWith({
          OPENAI_BASE_URL: base,
          OPENAI_API_KEY: 'k',
          OPENAI_MODEL: 'mock-chat',
          ADMIN_TOKEN: SCRIPTED_ADMIN,
        });
        await publishBalancedDemo(served.url);
        return served;
      });
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';

/** Open the demo widget on `url` by its launcher's accessible name; returns the chat dialog. */
export async function openWidget(page: Page, url: string): Promise<Locator> {
  await page.goto(url);
  await page.getByRole('button', { name: /^Open support chat/ }).click();
  return page.getByRole('dialog', { name: 'Support' });
}

/** Type a message into the widget and send it with Enter, as a visitor would. */
export async function ask(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Your message' });
  await box.fill(text);
  await box.press('Enter');
}

/**
 * Reply as the human agent Mei in the demo conversation the page's widget holds (its id read from the widget's
 * storage), through the admin API with `token`; returns the HTTP status.
 */
export async function agentReplies(page: Page, url: string, text: string, token = 'e2e-admin-token'): Promise<number> {
  const stored = await page.evaluate(() => localStorage.getItem('parley:demo'));
  const { cid } = JSON.parse(stored ?? '{}') as { cid: string };
  const res = await fetch(`${url}/admin/api/conversations/${cid}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ siteKey: 'demo', text, name: 'Mei' }),
  });
  return res.status;
}

/** The statuses of the page's responses whose URL ends with `path`, in order, as they arrive. */
export function statusesOf(page: Page, path: string): number[] {
  const statuses: number[] = [];
  page.on('response', (r) => {
    if (r.url().endsWith(path)) statuses.push(r.status());
  });
  return statuses;
}
