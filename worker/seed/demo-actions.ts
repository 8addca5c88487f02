/**
 * The demo shop's one action: its order lookup (`/demo/api/orders`, served by the Worker in local
 * development), wired to the `order-status` intent so the built-in responder answers "where is order
 * 4411?" from it with no model key, and a model, when there is one, can call it too.
 */

import type { z } from 'zod';
import type { SiteActionInput } from '../../shared/actions';
import type { Intent } from '../../shared/config';
import { DEMO_SITE } from './demo-site';

export const DEMO_ACTIONS: SiteActionInput[] = [
  {
    name: 'order_status',
    description: 'Look up a demo shop order by its number: its status, carrier and expected delivery.',
    parameters: {
      type: 'object',
      properties: { orderId: { type: 'string', description: 'The order number, e.g. 4411' } },
      required: ['orderId'],
    },
    // `npm start` serves the Worker here; plain http to this machine is called only in local development.
    endpoint: 'http://127.0.0.1:8787/demo/api/orders',
    method: 'GET',
    secret: 'ACTION_SECRET_DEMO',
    status: { en: 'Looking up your order…', zh: '正在查询您的订单…', ar: 'جارٍ البحث عن طلبك…' },
  },
];

/** What the order-status intent adds: the order number captured by name, the action, the reply template. */
const ORDER_LOOKUP = {
  patterns: ['order\\D{0,20}(?<orderId>\\d{3,})', '订单\\D{0,10}(?<orderId>\\d{3,})'],
  action: 'order_status',
  actionAnswer: {
    en: 'Order {orderId} ({items}) is **{status}**.',
    zh: '订单 {orderId}（{items}）的状态：{status}。',
    ar: 'الطلب {orderId} ({items}): {status}.',
  },
};

/** The demo site as seeded: DEMO_SITE with its order lookup (tests build their sites from DEMO_SITE without it). */
export const DEMO_SEED = {
  ...DEMO_SITE,
  actions: DEMO_ACTIONS,
  intents: DEMO_SITE.intents.map((intent: z.input<typeof Intent>) =>
    intent.id === 'order-status' ? { ...intent, ...ORDER_LOOKUP } : intent,
  ),
};
