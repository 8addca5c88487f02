/**
 * The agents' inbox, with two browser contexts: an agent in the console and a visitor in the widget. The
 * visitor's messages appear in the inbox without any reload, and the agent's reply appears in the widget,
 * once with the visitor on WebSocket and once forced onto SSE (where it must arrive within 3 s).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import { ADMIN_TOKEN, issueToken, signInAny } from './console-support';
import { ask, expect, openWidget, test } from './fixtures';
import { type HostServer, shopPage, startHost } from './host-server';

let host: HostServer;
test.beforeAll(async () => {
  host = await startHost();
});
test.afterAll(async () => host.close());

/** The agent's console on the inbox page, its socket live. */
async function agentConsole(browser: Browser, url: string, token: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInAny(page, url, token);
  await page.goto(`${url}/admin#/conversations`);
  await expect(page.getByRole('heading', { name: 'Inbox', level: 2 })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
  return page;
}

/** The agent opens the waiting conversation, claims it and answers; returns when the reply is sent. */
async function claimAndReply(agent: Page, reply: string): Promise<number> {
  const list = agent.getByRole('list', { name: 'Waiting conversations' });
  await list.getByRole('button', { name: /^demo conversation/ }).click();
  const transcript = agent.getByRole('list', { name: 'Transcript' });
  await expect(transcript).toContainText('I want to talk to a human please');
  await agent.getByRole('button', { name: 'Claim' }).click();
  await expect(agent.getByTestId('desk-state')).toHaveText('claimed by Mei');
  await agent.getByRole('textbox', { name: 'Reply' }).fill(reply);
  const sentAt = Date.now();
  await agent.getByRole('button', { name: 'Send', exact: true }).click();
  return sentAt;
}

for (const transport of ['ws', 'sse'] as const) {
  test(`visitor on ${transport}: messages reach the inbox live, the agent's reply reaches the widget`, async ({ browser, parleyWith }) => {
    const parley = await parleyWith({ ADMIN_TOKEN, FAQ_PACE_MS: '5' });
    const token = await issueToken(
      {
        post: (u, o) =>
          fetch(u, { method: 'POST', headers: { ...o.headers, 'content-type': 'application/json' }, body: JSON.stringify(o.data) }).then(
            (r) => ({ status: () => r.status, json: () => r.json() }),
          ),
      },
      parley.url,
      'agent',
      'Mei',
    );
    const agent = await agentConsole(browser, parley.url, token);
    await expect(agent).toHaveTitle('Parley console');

    const visitor = await (await browser.newContext()).newPage();
    const sockets: string[] = [];
    visitor.on('websocket', (s) => sockets.push(s.url()));
    const dialog =
      transport === 'ws'
        ? await openWidget(visitor, `${parley.url}/`)
        : await openWidget(visitor, host.set(`/inbox-${Date.now()}`, { body: shopPage(parley.url, { transport: 'sse' }) }));
    await ask(visitor, 'I want to talk to a human please');
    await expect(dialog).toContainText('A member of our team will join this conversation.');

    // No reload: the socket brings the conversation, its unread count and the title badge.
    const row = agent.getByRole('list', { name: 'Waiting conversations' }).getByRole('button', { name: /^demo conversation/ });
    await expect(row).toBeVisible();
    await expect(row.getByTestId('unread')).toHaveText('1');
    await expect(agent).toHaveTitle('(1) Parley console');

    const reply = `Hello, this is **Mei** from support (${transport}).`;
    const sentAt = await claimAndReply(agent, reply);
    const shown = dialog.locator('[data-role=agent]');
    await expect(shown).toContainText(`Hello, this is Mei from support (${transport}).`, { timeout: 3000 });
    const tookMs = Date.now() - sentAt;
    expect(tookMs).toBeLessThan(3000);
    await expect(shown.locator('strong').first()).toHaveText('Mei');
    await expect(agent).toHaveTitle('Parley console');
    // The agent's own reply is rendered as Markdown in the transcript, with its author.
    const transcript = agent.getByRole('list', { name: 'Transcript' });
    await expect(transcript.locator('[data-role=agent] .body strong')).toHaveText('Mei');

    // The visitor answers; it appears in the open transcript as it comes.
    await ask(visitor, `My kettle leaks (${transport})`);
    await expect(transcript.locator('[data-role=visitor]').last()).toContainText(`My kettle leaks (${transport})`);
    if (transport === 'sse') expect(sockets.filter((u) => u.includes('/v1/ws'))).toEqual([]);
    console.log(`agent reply shown to the ${transport} visitor ${tookMs} ms after Send`);

    // Notes stay with the agents; the widget never shows one.
    await agent.getByRole('textbox', { name: 'Internal note' }).fill('Offer a replacement kettle');
    await agent.getByRole('button', { name: 'Add note' }).click();
    await expect(agent.getByRole('region', { name: 'Context' })).toContainText('Offer a replacement kettle');
    await ask(visitor, 'Are you there?');
    await expect(transcript.locator('[data-role=visitor]').last()).toContainText('Are you there?');
    await expect(dialog).not.toContainText('replacement kettle');

    if (transport === 'ws') {
      const r = await new AxeBuilder({ page: agent }).include('main').analyze();
      expect(r.passes.length).toBeGreaterThan(0);
      expect(r.violations.map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    }
  });
}
