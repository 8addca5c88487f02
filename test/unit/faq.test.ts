import { describe, expect, it } from 'vitest';
import { bestFaqMatch, chunkWords, features } from '../../worker/providers/faq';
import { DEMO_SITE } from '../../worker/seed/demo-site';

describe('faq lexical retrieval on the demo site', () => {
  const cases: [string, string | null][] = [
    ['How long does shipping take?', 'shipping'],
    ['when are you open', 'hours'],
    ['I FORGOT MY PASSWORD!!', 'password'],
    ['Can I pay with Alipay?', 'payment'],
    ['what is your return policy', 'returns'],
    ['how do I brew green tea', 'brewing'],
    ['发货要多久', 'shipping-zh'],
    ['怎么退货', 'returns-zh'],
    ['可以用支付宝付款吗？', 'payment-zh'],
    ['ＲＥＦＵＮＤ money back', 'refund'],
    ['What is the airspeed of an unladen swallow?', null],
    ['asdf qwerty', null],
  ];
  for (const [question, id] of cases) {
    it(`${JSON.stringify(question)} → ${id ?? 'no answer'}`, () => {
      expect(bestFaqMatch(DEMO_SITE.faq, question)?.entry.id ?? null).toBe(id);
    });
  }

  it('seeds at least 12 entries in English and Chinese', () => {
    expect(DEMO_SITE.faq.length).toBeGreaterThanOrEqual(12);
    expect(new Set(DEMO_SITE.faq.map((f) => f.locale))).toEqual(new Set(['en', 'zh']));
  });
});

describe('features and chunking', () => {
  it('uses character bigrams for Chinese so no tokenizer is needed', () => {
    expect([...features('退货政策')]).toEqual(['退货', '货政', '政策']);
  });
  it('folds full-width forms and case', () => {
    expect(features('ＳＨＩＰＰＩＮＧ')).toEqual(features('shipping'));
  });
  it('splits into word-sized chunks that join back to the text', () => {
    const text = 'Orders ship within 1 day. 订单会在 1 个工作日内发货。';
    const chunks = chunkWords(text);
    expect(chunks.join('')).toBe(text);
    expect(chunks.length).toBeGreaterThan(10);
  });
});

describe('FAQ matching over a published config', () => {
  const entry = (id: string, questions: string[]) => ({ id, questions, answer: `${id} answer`, locale: 'en' as const });

  it("reads an entry's questions once: a published entry does not change, so its features are kept with it", () => {
    const faq = [entry('shipping', ['How long does shipping take?'])];
    expect(bestFaqMatch(faq, 'shipping time')?.entry.id).toBe('shipping');
    // Mutating a published entry in place is not how configs change; the features computed first still apply.
    (faq[0] as { questions: string[] }).questions = ['Which payment methods do you accept?'];
    expect(bestFaqMatch(faq, 'shipping time')?.entry.id).toBe('shipping');
    expect(bestFaqMatch(faq, 'payment methods')).toBeNull();
  });

  it('matches a newly published entry object on its own questions', () => {
    const before = [entry('shipping', ['How long does shipping take?'])];
    expect(bestFaqMatch(before, 'payment methods')).toBeNull();
    const after = [entry('shipping', ['Which payment methods do you accept?'])];
    expect(bestFaqMatch(after, 'payment methods')?.entry.id).toBe('shipping');
  });
});
