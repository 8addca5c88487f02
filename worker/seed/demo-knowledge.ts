/**
 * The demo site's knowledge: the tea shop's own page (teas and prices, shipping, returns, about) in English and
 * Chinese, so the built-in responder answers from it and cites it with no key configured. It agrees with the
 * page `worker/routes/demo-page.ts` serves and with the demo's canned answers.
 */
import type { KnowledgeDocumentInput } from '../../shared/knowledge';
import { ingest, type KnowledgeDb, knowledgeVersion } from '../knowledge';
import { DEMO_SITE } from './demo-site';

const PAGE = 'http://localhost:8787/';

export const DEMO_KNOWLEDGE: KnowledgeDocumentInput[] = [
  {
    id: 'teas',
    title: 'Our teas and prices',
    url: `${PAGE}#teas`,
    format: 'markdown',
    body: [
      'Small-batch green, oolong and black teas from family farms in Fujian and Yunnan.',
      '## Mingqian Longjing green tea',
      'Mingqian Longjing is a spring green tea with chestnut notes. It costs $24 for a 50 g tin.',
      '## Tieguanyin oolong',
      'Tieguanyin oolong has an orchid aroma and a long finish. It costs $19 for a 75 g tin.',
      '## Dianhong black tea',
      'Dianhong is a malty, honeyed black tea with golden tips. It costs $16 for a 100 g tin.',
      '## Discounts',
      'Newsletter subscribers get 10% off their first order. Cafés and shops get wholesale prices from 5 kg.',
    ].join('\n\n'),
  },
  {
    id: 'shipping-returns',
    title: 'Shipping and returns',
    url: `${PAGE}#shipping`,
    format: 'markdown',
    body: [
      '## Shipping',
      'Orders ship within 1 business day. Domestic delivery takes 2–4 days; international delivery takes 7–14 days. Shipping is free on orders over $49.',
      '## Returns',
      'You can return unopened items within 30 days of delivery. Refunds go to the original payment method within 5 business days after we receive the return.',
    ].join('\n\n'),
  },
  {
    id: 'about',
    title: 'About Lantern & Leaf',
    url: `${PAGE}#about`,
    format: 'markdown',
    body: 'Lantern & Leaf has been sourcing tea since 2012, directly from family farms in Fujian and Yunnan.',
  },
  {
    id: 'teas-zh',
    title: '茶叶与价格',
    url: `${PAGE}#teas`,
    locale: 'zh',
    format: 'markdown',
    body: [
      '来自福建和云南家庭茶园的小批量绿茶、乌龙茶和红茶。',
      '## 明前龙井',
      '明前龙井是春季绿茶，带有栗子香，50 克装售价 24 美元。',
      '## 铁观音',
      '铁观音乌龙茶兰花香气，回味悠长，75 克装售价 19 美元。',
      '## 滇红',
      '滇红红茶麦芽香、蜜香，金毫显露，100 克装售价 16 美元。',
      '## 优惠',
      '订阅新闻邮件可享首单 9 折优惠。咖啡店和商店 5 公斤起享受批发价。',
    ].join('\n\n'),
  },
  {
    id: 'shipping-returns-zh',
    title: '配送与退货',
    url: `${PAGE}#shipping`,
    locale: 'zh',
    format: 'markdown',
    body: [
      '## 配送',
      '订单会在 1 个工作日内发货。国内配送需要 2–4 天，国际配送需要 7–14 天。订单满 49 美元包邮。',
      '## 退货',
      '未拆封的商品可在签收后 30 天内退货。我们收到退货后 5 个工作日内原路退款。',
    ].join('\n\n'),
  },
];

/** Ingest the demo's knowledge unless the demo site already has some (an admin's edits are kept). */
export async function seedDemoKnowledge(db: KnowledgeDb): Promise<boolean> {
  if ((await knowledgeVersion(db, DEMO_SITE.key)) > 0) return false;
  await ingest(db, DEMO_SITE.key, DEMO_KNOWLEDGE);
  return true;
}
