/**
 * The WebSocket path end to end: a reply survives a network cut mid-stream with no duplicated text,
 * a reload mid-stream resumes it, history comes from the server on `ready`, and the widget falls back
 * to SSE when a proxy blocks WebSockets.
 */
import type { Page } from '@playwright/test';
import { signVisitorToken, siteTokenSecret } from '../../worker/conversation/visitor-token';
import { receivedRequests } from '../fixtures/mock-client';
import { agentReplies, ask, expect, openWidget as open, test } from './fixtures';

const REPLY = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');

const lastReply = (page: Page) => page.locator('parley-chat [data-role=assistant]').last();

test('a network cut mid-reply: the reply resumes and completes with every word exactly once', async ({ page, context, mock, scripted }) => {
  const parley = await scripted('ws-cut', { calls: [{ reply: REPLY, paceMs: 60 }] });
  const sockets: string[] = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  const dialog = await open(page, `${parley.url}/`);
  await ask(page, 'Stream me forty words');
  await expect(lastReply(page)).toContainText('w3 ');
  await context.setOffline(true);
  await expect(dialog).toContainText('You are offline.');
  await page.waitForTimeout(800); // the server keeps generating while the visitor is away
  await context.setOffline(false);
  await expect(lastReply(page)).toHaveText(REPLY, { timeout: 15_000 });
  await expect(dialog).not.toContainText('You are offline.');
  expect(sockets.length).toBeGreaterThanOrEqual(2); // it really reconnected
  expect(await receivedRequests(mock.url, 'ws-cut')).toHaveLength(1); // resumed, not re-asked
});

test('a proxy dropping the socket mid-reply: reconnect with resume, no duplicated text', async ({ page, mock, scripted }) => {
  const parley = await scripted('ws-drop', { calls: [{ reply: REPLY, paceMs: 40 }] });
  let connections = 0;
  const hellos: unknown[] = [];
  // A proxy in the test (not in the widget): forwards frames, and drops the first connection after 5 deltas.
  await page.routeWebSocket(/\/v1\/ws/, (ws) => {
    const n = ++connections;
    const server = ws.connectToServer();
    let deltas = 0;
    ws.onMessage((m) => {
      if (String(m).includes('"hello"')) hellos.push(JSON.parse(String(m)));
      server.send(m);
    });
    server.onMessage((m) => {
      ws.send(m);
      if (n === 1 && String(m).includes('"delta"') && ++deltas === 5) {
        ws.close({ code: 4000, reason: 'proxy dropped' });
        server.close();
      }
    });
  });
  await open(page, `${parley.url}/`);
  await ask(page, 'Stream me forty words');
  await expect(lastReply(page)).toHaveText(REPLY, { timeout: 15_000 });
  expect(connections).toBeGreaterThanOrEqual(2);
  expect(hellos[1]).toMatchObject({ type: 'hello', resume: { afterSeq: expect.any(Number) } });
  expect(await receivedRequests(mock.url, 'ws-drop')).toHaveLength(1);
});

/** Ask for the paced reply, reload once its first words are in, reopen the chat, and see the whole reply arrive. */
async function reloadMidReply(page: Page, url: string): Promise<void> {
  await open(page, `${url}/`);
  await ask(page, 'Stream me forty words');
  await expect(lastReply(page)).toContainText('w3 ');
  await page.reload();
  await page.getByRole('button', { name: /^Open support chat/ }).click();
  await expect(lastReply(page)).toHaveText(REPLY, { timeout: 15_000 });
}

test('a reload mid-reply picks the reply up again; a fresh tab gets the history from the server', async ({
  page,
  context,
  mock,
  scripted,
}) => {
  const parley = await scripted('ws-reload', { calls: [{ reply: REPLY, paceMs: 50 }] });
  await reloadMidReply(page, parley.url);

  // Forget everything stored in the browser except which conversation this is: the server's history fills it in.
  const stored = await page.evaluate(() => localStorage.getItem('parley:demo') ?? '');
  const { cid, tok, sub, vid } = JSON.parse(stored) as { cid: string; tok: string; sub: string; vid: string };
  const fresh = await context.newPage();
  await fresh.goto(`${parley.url}/healthz`);
  const kept = JSON.stringify({ cid, tok, sub, vid, msgs: [], seq: 0, handoff: false });
  await fresh.evaluate((v) => localStorage.setItem('parley:demo', v), kept);
  await page.close();
  const dialog = await open(fresh, `${parley.url}/`);
  await expect(dialog.locator('[data-role=visitor]')).toHaveText(['Stream me forty words']);
  await expect(lastReply(fresh)).toHaveText(REPLY);
  expect(await receivedRequests(mock.url, 'ws-reload')).toHaveLength(1);
});

test('WebSockets blocked by a proxy: the widget falls back to SSE and still answers', async ({ page, parley }) => {
  await page.routeWebSocket(/\/v1\/ws/, (ws) => ws.close({ code: 4403, reason: 'blocked by proxy' }));
  const posts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/v1/chat')) posts.push(r.url());
  });
  const dialog = await open(page, `${parley.url}/`);
  await ask(page, 'How long does shipping take?');
  await expect(dialog.getByRole('log')).toContainText('Shipping is free on orders over $49.');
  expect(posts).toHaveLength(1);
});

test('handoff: asking for a person shows the handoff state, and an agent’s reply is shown distinctly', async ({ page, parleyWith }) => {
  const parley = await parleyWith({ ADMIN_TOKEN: 'e2e-admin-token', FAQ_PACE_MS: '5' });
  await page.addInitScript(() => {
    const w = window as unknown as { Parley: unknown; __handoff: unknown[] };
    w.__handoff = [];
    const q: unknown[] = [];
    const P = Object.assign((...a: unknown[]) => q.push(a), { q });
    w.Parley = P;
    P('on', 'handoff', (d: unknown) => w.__handoff.push(d));
  });
  const dialog = await open(page, `${parley.url}/`);
  await ask(page, 'I want to talk to a human please');
  await expect(dialog).toContainText('A member of our team will join this conversation.');
  await expect(dialog.getByText('Assistant is typing…')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __handoff: unknown[] }).__handoff)).toEqual([{ active: true }]);
  expect(await agentReplies(page, parley.url, 'Hello, this is **Mei** from support.')).toBe(201);
  const agent = dialog.locator('[data-role=agent]');
  await expect(agent).toContainText('Mei');
  await expect(agent.locator('strong')).toHaveText('Mei');
  await expect(agent).toHaveCSS('border-top-color', 'rgb(124, 58, 237)');
  // While a person has the chat, the visitor's messages go to them without a bot "typing".
  await ask(page, 'Thanks Mei');
  await expect(dialog.locator('[data-role=visitor]')).toHaveCount(2);
  await expect(dialog.getByText('Assistant is typing…')).toHaveCount(0);
});

test('over SSE (WebSockets blocked), a reload mid-reply resumes by Last-Event-ID with no duplicated text', async ({
  page,
  mock,
  scripted,
}) => {
  const parley = await scripted('sse-reload', { calls: [{ reply: REPLY, paceMs: 50 }] });
  await page.routeWebSocket(/\/v1\/ws/, (ws) => ws.close({ code: 4403, reason: 'blocked by proxy' }));
  const resumes: string[] = [];
  page.on('request', (r) => {
    const id = r.headers()['last-event-id'];
    if (r.url().endsWith('/v1/chat') && id) resumes.push(id);
  });
  await reloadMidReply(page, parley.url);
  expect(resumes).toHaveLength(1);
  expect(await receivedRequests(mock.url, 'sse-reload')).toHaveLength(1);
});

test('over SSE, a rating reaches the server: POST /v1/feedback answers 204', async ({ page, parley }) => {
  await page.routeWebSocket(/\/v1\/ws/, (ws) => ws.close({ code: 4403, reason: 'blocked by proxy' }));
  const dialog = await open(page, `${parley.url}/`);
  await ask(page, 'How long does shipping take?');
  await expect(dialog.getByRole('log')).toContainText('Shipping is free on orders over $49.');
  const rated = page.waitForResponse((r) => r.url().endsWith('/v1/feedback'));
  await dialog.getByRole('button', { name: 'Not helpful' }).click();
  const res = await rated;
  expect(res.status()).toBe(204);
  expect(JSON.parse(res.request().postData() ?? '{}')).toMatchObject({ siteKey: 'demo', rating: 'down' });
});

test('identify: a signed visitor token queued before load is presented in hello and accepted', async ({ page, parleyWith }) => {
  const parley = await parleyWith({ VISITOR_TOKEN_SECRET: 'e2e-master-secret', FAQ_PACE_MS: '5' });
  const token = await signVisitorToken(await siteTokenSecret('e2e-master-secret', 'demo'), 'user-42', 600);
  const hellos: { visitorToken?: string }[] = [];
  const closes: number[] = [];
  page.on('websocket', (ws) => {
    ws.on('framesent', (f) => {
      if (String(f.payload).includes('"hello"')) hellos.push(JSON.parse(String(f.payload)));
    });
    ws.on('close', () => closes.push(1));
  });
  await page.addInitScript((t) => {
    const q: unknown[] = [];
    (window as unknown as { Parley: unknown }).Parley = Object.assign((...a: unknown[]) => q.push(a), { q });
    (window as unknown as { Parley: (...a: unknown[]) => void }).Parley('identify', t);
  }, token);
  const dialog = await open(page, `${parley.url}/`);
  await ask(page, 'How long does shipping take?');
  await expect(dialog.getByRole('log')).toContainText('Shipping is free on orders over $49.');
  expect(hellos[0]?.visitorToken).toBe(token);
  expect(closes).toEqual([]);
});
