import type { SiteConfigInput } from '../../shared/config';
import { DEMO_INTENTS } from './demo-intents';

/**
 * The seeded `demo` site: a small shop with intents and FAQ entries in English and Chinese, so
 * `npm start` shows the whole product with no keys and no network. Seeded into D1 on first use.
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
  faq: [
    {
      id: 'greeting',
      locale: 'en',
      questions: ['hi', 'hello there', 'good morning'],
      answer: 'Hello! How can I help you today? I can answer questions about orders, shipping, returns and our teas.',
    },
    {
      id: 'greeting-zh',
      locale: 'zh',
      questions: ['你好', '您好', '在吗'],
      answer: '您好！请问有什么可以帮您？我可以解答订单、配送、退货和茶叶相关的问题。',
    },
    {
      id: 'hours',
      locale: 'en',
      questions: ['What are your opening hours?', 'When are you open?', 'business hours support hours'],
      answer:
        'Our support team is available Monday to Friday, 9:00 to 18:00 (UTC+8). Outside those hours this assistant answers, and we reply to emails within one business day.',
    },
    {
      id: 'shipping',
      locale: 'en',
      questions: ['How long does shipping take?', 'shipping time delivery days', 'Do you ship internationally?'],
      answer:
        'Orders ship within 1 business day. Domestic delivery takes 2–4 days; international delivery takes 7–14 days. Shipping is free on orders over $49.',
    },
    {
      id: 'order-status',
      locale: 'en',
      questions: ['Where is my order?', 'track my order status', 'tracking number for my package'],
      answer:
        'You can track your order from the link in your confirmation email, or under **Account → Orders**. Tracking numbers appear once the parcel has left our warehouse.',
    },
    {
      id: 'returns',
      locale: 'en',
      questions: ['How do I return an item?', 'return policy', 'can I send it back'],
      answer:
        'You can return unopened items within 30 days of delivery. Start a return under **Account → Orders → Return**, print the label, and drop the parcel at any post office.',
    },
    {
      id: 'refund',
      locale: 'en',
      questions: ['When will I get my refund?', 'refund money back', 'how long do refunds take'],
      answer:
        'Refunds are issued to your original payment method within 5 business days after we receive your return. Your bank may take a few more days to show it.',
    },
    {
      id: 'password',
      locale: 'en',
      questions: ['I forgot my password', 'reset password', 'cannot log in to my account'],
      answer:
        'Use **Forgot password** on the sign-in page; we will email you a reset link valid for 30 minutes. Check your spam folder if it does not arrive.',
    },
    {
      id: 'payment',
      locale: 'en',
      questions: ['Which payment methods do you accept?', 'pay with credit card paypal alipay', 'payment options'],
      answer: 'We accept Visa, Mastercard, American Express, PayPal, Alipay and WeChat Pay.',
    },
    {
      id: 'brewing',
      locale: 'en',
      questions: ['How do I brew green tea?', 'brewing temperature steeping time', 'how to make tea'],
      answer:
        'For green tea use water at 75–80 °C and steep for 2–3 minutes. Black tea likes 95 °C for 3–5 minutes; oolong 90 °C for 3 minutes.',
    },
    {
      id: 'wholesale',
      locale: 'en',
      questions: ['Do you sell wholesale?', 'bulk order discount for cafes', 'business customers'],
      answer:
        'Yes: cafés and shops get tiered wholesale pricing from 5 kg. Write to wholesale@lanternleaf.example with your business details.',
    },
    {
      id: 'hours-zh',
      locale: 'zh',
      questions: ['你们的营业时间是什么时候？', '客服什么时候上班', '几点开门'],
      answer: '我们的客服时间为周一至周五 9:00–18:00（北京时间）。其他时间由智能助手为您解答，邮件会在一个工作日内回复。',
    },
    {
      id: 'shipping-zh',
      locale: 'zh',
      questions: ['发货要多久？', '快递几天能到', '配送时间和运费'],
      answer: '订单会在 1 个工作日内发货。国内配送需要 2–4 天，国际配送需要 7–14 天。订单满 49 美元包邮。',
    },
    {
      id: 'returns-zh',
      locale: 'zh',
      questions: ['怎么退货？', '退货政策', '可以退换吗'],
      answer: '未拆封的商品可在签收后 30 天内退货。请在「账户 → 订单 → 退货」中申请，打印退货标签后交给任意邮局即可。',
    },
    {
      id: 'refund-zh',
      locale: 'zh',
      questions: ['退款什么时候到账？', '退款多久', '钱什么时候退回来'],
      answer: '我们收到退货后 5 个工作日内会原路退款，银行入账可能还需要几天。',
    },
    {
      id: 'order-status-zh',
      locale: 'zh',
      questions: ['我的订单到哪里了？', '查询订单状态', '物流单号'],
      answer: '您可以通过确认邮件中的链接或在「账户 → 订单」中查看物流。包裹出库后即可看到快递单号。',
    },
    {
      id: 'payment-zh',
      locale: 'zh',
      questions: ['支持哪些付款方式？', '可以用支付宝微信付款吗', '付款方式'],
      answer: '我们支持 Visa、万事达、美国运通、PayPal、支付宝和微信支付。',
    },
  ],
} satisfies SiteConfigInput;
