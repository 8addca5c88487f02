/**
 * The embedded default can act: with no model key the built-in responder routes "where is order 4411?" to
 * the demo's order-status intent, calls its `order_status` action with the order number its pattern
 * captured, and answers from the result with the intent's template. The demo endpoint is the Worker's own
 * (development only) and checks the signature like a real site's would.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { SiteConfig } from '../../shared/config';
import type { TurnEvent } from '../../shared/protocol';
import { callAction, DEV_ACTION_SECRET } from '../../worker/actions/call';
import { patternArguments } from '../../worker/actions/extract';
import type { WorkerEnv } from '../../worker/env';
import app from '../../worker/index';
import { runTurn } from '../../worker/pipeline/turn';
import { turnPortsFor } from '../../worker/pipeline/turn/ports';
import { DEMO_SEED } from '../../worker/seed/demo-actions';
import { call } from './helpers';

const site = SiteConfig.parse(DEMO_SEED);
const lookup = site.actions?.[0];
if (!lookup) throw new Error('the demo seed has no action');

/** The Worker itself, reached as `npm start` serves it (workerd tests have no port 8787). */
const ctx = createExecutionContext();
const worker: typeof fetch = async (input, init) => app.fetch(new Request(input, init), env as WorkerEnv, ctx);

async function turnOf(text: string, locale?: string) {
  const ports = turnPortsFor(env as WorkerEnv, ctx, { cache: false });
  if (ports.actions) ports.actions.fetch = worker;
  const events: TurnEvent[] = [];
  for await (const ev of runTurn(
    {
      site,
      conversationId: 'demo-action',
      message: { id: 'm1', text },
      history: [],
      signal: new AbortController().signal,
      owner: 'anon:demo-visitor',
      ...(locale ? { locale } : {}),
    },
    ports,
  ))
    events.push(ev);
  await waitOnExecutionContext(ctx);
  return events;
}

const textOf = (events: TurnEvent[]) => events.map((e) => (e.type === 'delta' ? e.text : '')).join('');

describe('the no-key demo order lookup', () => {
  it('answers "where is order 4411?" from the demo endpoint, with a status line first', async () => {
    const events = await turnOf('Hi, where is order 4411?');
    expect(events.map((e) => e.type)).toEqual(['meta', 'status', ...events.slice(2, -1).map(() => 'delta'), 'done']);
    expect(events[0]).toMatchObject({ intent: 'order-status', provider: 'faq', model: 'action' });
    expect(events[1]).toMatchObject({ text: 'Looking up your order…', action: 'order_status' });
    expect(textOf(events)).toBe('Order 4411 (Dragon Well green tea, 100 g) is **shipped**.');
  });

  it('answers in Chinese from the same endpoint, and says so when there is no such order', async () => {
    const zh = await turnOf('我的订单 4412 到哪了？', 'zh');
    expect(zh[1]).toMatchObject({ text: '正在查询您的订单…' });
    expect(textOf(zh)).toBe('订单 4412（Tieguanyin oolong, 250 g）的状态：processing。');
    expect(textOf(await turnOf('where is order 9999?'))).toContain('There is no order 9999');
  });

  it('without an order number, answers as before without calling anything', async () => {
    const events = await turnOf('Where is my order?');
    expect(events.some((e) => e.type === 'status')).toBe(false);
    expect(events[0]).toMatchObject({ intent: 'order-status' });
  });

  it('captures named groups of the intent’s patterns', () => {
    const patterns = site.intents.find((i) => i.id === 'order-status')?.patterns ?? [];
    expect(patternArguments(patterns, 'Status of ORDER #4411 please')).toEqual({ orderId: '4411' });
    expect(patternArguments(patterns, '订单号 5566 查询')).toEqual({ orderId: '5566' });
    expect(patternArguments(patterns, 'order soon')).toEqual({});
  });
});

describe('the demo endpoint', () => {
  it('refuses a request without a valid signature, and serves a signed one', async () => {
    const unsigned = await call(new Request('http://parley.test/demo/api/orders?orderId=4411'));
    expect(unsigned.status).toBe(401);
    const forged = await callAction(
      { ...lookup, secret: 'ACTION_SECRET_WRONG' },
      { orderId: '4411' },
      {},
      {
        env: { PARLEY_ENV: 'development', ACTION_SECRET_WRONG: 'not-the-demo-secret' },
        fetch: worker,
      },
    );
    expect(forged).toMatchObject({ ok: false, status: 401, error: { code: 'upstream_error' } });
    const signed = await callAction(lookup, { orderId: '4413' }, {}, { env: { PARLEY_ENV: 'development' }, fetch: worker });
    expect(signed).toMatchObject({ ok: true, status: 200, body: { orderId: '4413', status: 'delivered' } });
    expect(signed.request.headers['x-parley-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(JSON.stringify(signed.request)).not.toContain(DEV_ACTION_SECRET);
  });

  it('does not exist outside local development', async () => {
    const res = await call(new Request('http://parley.test/demo/api/orders/4411'), { PARLEY_ENV: undefined });
    expect(res.status).toBe(404);
  });
});
