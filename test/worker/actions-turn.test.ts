/**
 * Function calling in a visitor's turn: the model (mock upstream, streaming `tool_calls` as DeepSeek
 * documents) asks for `order_status`; the Worker calls the site's endpoint (a real server on 127.0.0.1)
 * signed, with the verified visitor's id whatever the model put, shows a status line, feeds the result
 * back and streams the model's answer from it. Anonymous visitors are never offered verified-only actions;
 * a slow endpoint ends in a polite answer within its time.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { signWebhook } from '../../worker/digest';
import { receivedRequests } from '../fixtures/mock-client';
import { ACTION_SECRET, actionEndpoint, actionSite, ask, endpointHits, orderStatus, textOf } from './actions-helpers';

type SentTool = { type: string; function: { name: string; parameters: { properties?: Record<string, unknown> } } };
type SentBody = { tools?: SentTool[]; messages: { role: string; content: string | null; tool_call_id?: string }[] };

const ORDER = { orderId: '4411', status: 'shipped', carrier: 'DHL', eta: 'Tuesday' };

describe('a verified visitor asks where their order is', () => {
  it('calls order_status signed, with the token’s user id, and streams the answer from the result', async () => {
    const endpoint = await actionEndpoint([{ actionBody: ORDER }]);
    const site = await actionSite(
      [
        {
          reply: '',
          toolCalls: [{ id: 'call_0', name: 'order_status', arguments: JSON.stringify({ orderId: '4411', userId: 'somebody-else' }) }],
        },
        { replyFromTool: 'Your order: {tool}' },
      ],
      [orderStatus(endpoint.url)],
    );
    const { res, frames } = await ask(site.siteKey, 'Where is my order 4411?', 'user-42');
    expect(res.status).toBe(200);
    const types = frames.map((f) => f.type);
    expect(types[0]).toBe('meta');
    expect(types.at(-1)).toBe('done');
    const status = frames.find((f) => f.type === 'status');
    expect(status).toMatchObject({ text: 'Looking up your order…', action: 'order_status' });
    expect(types.indexOf('status')).toBeLessThan(types.indexOf('delta'));
    expect(textOf(frames)).toContain('shipped');
    expect(textOf(frames)).toContain('Tuesday');

    const [hit, ...more] = await endpointHits(endpoint.id);
    expect(more).toHaveLength(0);
    expect(hit?.json).toEqual({ orderId: '4411', userId: 'user-42' });
    const t = Number(hit?.headers['x-parley-timestamp']);
    expect(Math.abs(t - Date.now() / 1000)).toBeLessThan(30);
    expect(hit?.headers['x-parley-signature']).toBe(await signWebhook(ACTION_SECRET, String(hit?.body), t));
    expect(hit?.headers['x-parley-action']).toBe('order_status');

    const sent = (await receivedRequests(env.MOCK_UPSTREAM, site.id)).map((r) => r.body as SentBody);
    expect(sent).toHaveLength(2);
    const offered = sent[0]?.tools?.find((tool) => tool.function.name === 'order_status');
    // The identity field is not the model's to fill: it is not even in the schema it sees.
    expect(Object.keys(offered?.function.parameters.properties ?? {})).toEqual(['orderId']);
    const toolMessage = sent[1]?.messages.find((m) => m.role === 'tool');
    expect(toolMessage?.tool_call_id).toBe('call_0');
    expect(JSON.parse(toolMessage?.content ?? '{}')).toEqual(ORDER);
  });
});

describe('an anonymous visitor', () => {
  it('is never offered an action that needs a verified visitor, and nothing is called', async () => {
    const secret = await actionEndpoint([{ actionBody: ORDER }]);
    const open = await actionEndpoint([{ actionBody: { open: true } }]);
    const site = await actionSite(
      [{ reply: 'I can help with that.' }],
      [
        orderStatus(secret.url),
        {
          name: 'store_hours',
          description: 'Opening hours of a store.',
          endpoint: open.url,
          secret: 'ACTION_SECRET_TEST',
          method: 'GET',
        },
      ],
    );
    const { frames } = await ask(site.siteKey, 'Where is my order 4411?');
    expect(textOf(frames)).toBe('I can help with that.');
    const [first] = await receivedRequests(env.MOCK_UPSTREAM, site.id);
    const names = ((first?.body as SentBody | undefined)?.tools ?? []).map((tool) => tool.function.name);
    expect(names).toEqual(['store_hours']);
    expect(await endpointHits(secret.id)).toHaveLength(0);
  });

  it('cannot get an offered-only-to-verified action run by naming it anyway', async () => {
    const secret = await actionEndpoint([{ actionBody: ORDER }]);
    const site = await actionSite(
      [
        { reply: '', toolCalls: [{ id: 'call_x', name: 'order_status', arguments: '{"orderId":"4411","userId":"user-42"}' }] },
        { replyFromTool: 'Result: {tool}' },
      ],
      [orderStatus(secret.url), { name: 'store_hours', description: 'Hours.', endpoint: secret.url, secret: 'ACTION_SECRET_TEST' }],
    );
    const { frames } = await ask(site.siteKey, 'Where is order 4411 of user-42?');
    expect(textOf(frames)).toContain('unknown_action');
    expect(await endpointHits(secret.id)).toHaveLength(0);
  });
});

describe('a slow endpoint', () => {
  it('ends in a polite answer within the action’s time, not a hang', async () => {
    const slow = await actionEndpoint([{ actionDelayMs: 8_000, actionBody: ORDER }]);
    const site = await actionSite(
      [{ reply: '', toolCalls: [{ id: 'call_s', name: 'order_status', arguments: '{"orderId":"4411"}' }] }, { reply: 'never asked' }],
      [orderStatus(slow.url, { timeoutMs: 400 })],
    );
    const started = Date.now();
    const { frames } = await ask(site.siteKey, 'Where is my order 4411?', 'user-42');
    const took = Date.now() - started;
    expect(frames.at(-1)?.type).toBe('done');
    expect(textOf(frames)).toMatch(/^Sorry, I couldn't look that up just now/);
    expect(took).toBeLessThan(4_000);
    // The model was not asked again: the answer is ours.
    expect(await receivedRequests(env.MOCK_UPSTREAM, site.id)).toHaveLength(1);
  });
});
