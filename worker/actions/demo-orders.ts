/**
 * The demo shop's order system, served by the Worker in local development only (`PARLEY_ENV=development`;
 * 404 elsewhere): `GET /demo/api/orders?orderId=4411` or `/demo/api/orders/4411`. It checks Parley's
 * signature as a site's own endpoint would (docs/actions.md), so the demo shows the whole round trip.
 */
import { Hono } from 'hono';
import { signWebhook, timingSafeEqual } from '../digest';
import type { AppEnv } from '../env';
import { isLocalDev } from '../middleware/visitor-gate/edge-env';
import { DEV_ACTION_SECRET } from './call';

/** A signature older (or newer) than this is refused: a captured request cannot be replayed later. */
const MAX_SKEW_SECONDS = 300;

const ORDERS: Record<string, { status: string; carrier?: string; eta?: string; items: string }> = {
  '4411': { status: 'shipped', carrier: 'SF Express', eta: 'Thursday', items: 'Dragon Well green tea, 100 g' },
  '4412': { status: 'processing', eta: 'ships within 1 business day', items: 'Tieguanyin oolong, 250 g' },
  '4413': { status: 'delivered', carrier: 'DHL', items: 'Gaiwan set' },
};

export const demoOrders = new Hono<AppEnv>();

/** Whether the request carries a fresh, valid Parley signature over `signed` under `secret`. */
export async function validSignature(headers: Headers, signed: string, secret: string, nowSeconds: number): Promise<boolean> {
  const t = Number(headers.get('x-parley-timestamp'));
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > MAX_SKEW_SECONDS) return false;
  return timingSafeEqual(headers.get('x-parley-signature') ?? '', await signWebhook(secret, signed, t));
}

demoOrders.get('/orders/:id?', async (c) => {
  if (!isLocalDev(c.env)) return c.json({ error: 'not found' }, 404);
  const url = new URL(c.req.url);
  const named: unknown = Reflect.get(c.env, 'ACTION_SECRET_DEMO');
  const secret = typeof named === 'string' && named ? named : DEV_ACTION_SECRET;
  if (!(await validSignature(c.req.raw.headers, url.search.slice(1), secret, Math.floor(Date.now() / 1000))))
    return c.json({ error: 'bad signature' }, 401);
  const id = c.req.param('id') ?? url.searchParams.get('orderId') ?? '';
  const order = ORDERS[id];
  if (!order) return c.json({ orderId: id, found: false, message: `There is no order ${id} in the demo shop (try 4411, 4412 or 4413).` });
  return c.json({ orderId: id, found: true, ...order });
});
