import { FaqEntry, type SiteConfigInput } from '../../shared/config';
import demoFaq from './demo-faq.json' with { type: 'json' };
import { DEMO_INTENTS } from './demo-intents';

/**
 * The seeded `demo` site: a small shop with intents and FAQ entries in English and Chinese, so
 * `npm start` shows the whole product with no keys and no network. Seeded into D1 on first use. The FAQ
 * entries are data (`demo-faq.json`), checked against the FAQ schema when this module loads.
 */
export const DEMO_SITE = {
  key: 'demo',
  name: 'Lantern & Leaf Tea Shop',
  origins: ['localhost', '127.0.0.1'],
  locale: 'en',
  version: 1,
  theme: { color: '#0f766e', position: 'right' },
  welcome: {
    en: 'Hi! I am the Lantern & Leaf assistant. Ask me about orders, shipping, returns or our teas.',
    zh: '您好！我是灯笼与茶叶的智能助手，可以咨询订单、配送、退货或茶叶相关问题。',
  },
  intents: DEMO_INTENTS,
  faq: FaqEntry.array().parse(demoFaq),
} satisfies SiteConfigInput;
