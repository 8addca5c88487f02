import { describe, expect, it } from 'vitest';
import { SiteConfig } from '../../shared/config';
import { loadClassifier } from '../../worker/pipeline/router/classifier';
import { assessComplexity } from '../../worker/pipeline/router/complexity';
import { blockScales, extractFeatures, normaliseText } from '../../worker/pipeline/router/features';
import { compileRouter, evidenceFloor, trainRouterModel } from '../../worker/pipeline/router/index';
import { compileRules } from '../../worker/pipeline/router/rules';
import { trainClassifier } from '../../worker/pipeline/router/trainer';
import { messageVector, TABLE_ID, VECTOR_DIMS, wordTable } from '../../worker/pipeline/router/word-vectors';
import { DEMO_SITE } from '../../worker/seed/demo-site';

const demo = SiteConfig.parse(DEMO_SITE);
// Trained once, the way publish does it, and round-tripped through JSON like the stored version.
const router = compileRouter(demo, JSON.parse(JSON.stringify(trainRouterModel(demo.intents))));

describe('router decisions on the demo site', () => {
  const table: { text: string; intent: string | null; tier: string; handoff?: boolean; canned?: boolean; by: RegExp }[] = [
    { text: 'Can I talk to a real person?', intent: 'talk-to-human', tier: 'fast', handoff: true, canned: true, by: /^keyword/ },
    { text: '转人工', intent: 'talk-to-human', tier: 'fast', handoff: true, canned: true, by: /^keyword/ },
    { text: 'I want to speak with someone', intent: 'talk-to-human', tier: 'fast', handoff: true, canned: true, by: /^pattern/ },
    { text: 'I want to make a complaint about my order', intent: 'complaint', tier: 'premium', by: /^keyword/ },
    { text: '你们的服务太差了', intent: 'complaint', tier: 'premium', by: /^keyword/ },
    { text: 'What are your business hours?', intent: 'business-hours', tier: 'fast', canned: true, by: /^keyword/ },
    { text: 'when do you open on saturday', intent: 'business-hours', tier: 'fast', canned: true, by: /^classifier/ },
    { text: 'how many days until my parcel is delivered', intent: 'shipping', tier: 'fast', canned: true, by: /^classifier/ },
    { text: '快递要几天', intent: 'shipping', tier: 'fast', canned: true, by: /^classifier/ },
    { text: 'where is my order right now', intent: 'order-status', tier: 'default', canned: false, by: /^classifier/ },
    { text: 'I forgot my password again', intent: 'password-reset', tier: 'fast', canned: true, by: /^keyword/ },
    { text: '密码忘了怎么办', intent: 'password-reset', tier: 'fast', canned: true, by: /^classifier/ },
    { text: 'how do I send back the tea I bought', intent: 'returns', tier: 'default', canned: true, by: /^classifier/ },
    { text: 'can I pay with alipay', intent: 'payment', tier: 'fast', canned: true, by: /^classifier/ },
    { text: 'do you have a coupon', intent: 'pricing', tier: 'fast', canned: false, by: /^keyword/ },
    { text: 'hello', intent: 'greeting', tier: 'fast', canned: false, by: /^classifier/ },
    { text: 'The function `parse()` throws TypeError: undefined is not a function { x; }', intent: null, tier: 'premium', by: /code/ },
    { text: 'Who won the football match? And what is the capital of Peru?', intent: null, tier: 'premium', by: /2 questions/ },
    { text: 'Could you explain the history of the silk road trade routes??', intent: null, tier: 'default', by: /ordinary/ },
    { text: 'purple elephants', intent: null, tier: 'fast', by: /chit-chat/ },
    { text: 'Could you explain the history of the silk road trade routes', intent: null, tier: 'default', by: /ordinary/ },
  ];
  for (const row of table) {
    it(`${row.text} → ${row.intent ?? 'out of scope'} / ${row.tier}`, () => {
      const d = router.route(row.text);
      expect({ intent: d.intent, tier: d.tier }).toEqual({ intent: row.intent, tier: row.tier });
      expect(d.reason).toMatch(row.by);
      if (row.handoff !== undefined) expect(d.handoff).toBe(row.handoff);
      if (row.canned !== undefined) expect(d.answer !== null).toBe(row.canned);
      expect(d.confidence).toBeGreaterThanOrEqual(0);
      expect(d.confidence).toBeLessThanOrEqual(1);
    });
  }

  it('answers in the visitor’s language, falling back to the site locale', () => {
    expect(router.route('退款多久').answer).toMatch(/原路退款/);
    expect(router.route('how long do refunds take').answer).toMatch(/original payment method/);
    expect(router.route('退款多久', 'en').answer).toMatch(/original payment method/);
  });

  it('leaves most common single words unmatched, and still routes typos of its words', () => {
    // GloVe's frequency ranks 100–2,100 ("university", "told", "health"…): an intent for one of these is a
    // canned answer or a handoff the visitor did not ask for. 792 matched when a message lacking word
    // n-grams gave their share to its character n-grams, 606 before the evidence floor, 183 with it.
    const words = wordTable().words.slice(100, 2100);
    const matched = words.filter((w) => router.route(w).intent !== null).length;
    expect(matched).toBeLessThan(300);
    expect(['refnd', 'shiping', 'pasword', 'delivry', 'wholsale'].map((t) => router.route(t).intent)).toEqual([
      'refund',
      'shipping',
      'password-reset',
      'shipping',
      'wholesale',
    ]);
  });

  it('puts a confident guess with too little evidence out of scope, and says so; minScore 0 turns the floor off', () => {
    const d = router.route('university');
    expect(d.intent).toBeNull();
    expect(d.candidate?.confidence).toBeGreaterThanOrEqual(demo.router.threshold);
    expect(d.reason).toMatch(/^out of scope \(best "[a-z-]+" [\d.]+, but its evidence 0\.\d+ < 0\.25\)/);
    const noFloor = SiteConfig.parse({ ...DEMO_SITE, router: { threshold: 0.5, minScore: 0 } });
    const loose = compileRouter(noFloor, JSON.parse(JSON.stringify(trainRouterModel(noFloor.intents))));
    expect(loose.route('university').intent).toBe(d.candidate?.intent);
    const words = wordTable().words.slice(100, 2100);
    expect(words.filter((w) => loose.route(w).intent !== null).length).toBeGreaterThan(500);
  });

  it('holds Chinese (no word vectors) to the same evidence bar, not a lower scale', () => {
    // Scored by n-grams alone, a Chinese message's raw score is √(1 − share) of an English one's: "how do I
    // pay" in Chinese scores 0.21 raw (under the 0.25 floor), 0.30 on the common scale, and must route.
    const clf = loadClassifier(trainRouterModel(demo.intents));
    const zh = clf.predict('怎么付款');
    expect(zh.score).toBeLessThan(0.25);
    expect(zh.evidence).toBeCloseTo(zh.score / Math.SQRT1_2, 6);
    expect(router.route('怎么付款')).toMatchObject({ intent: 'payment', reason: expect.stringMatching(/^classifier/) });
    const en = clf.predict('how do I pay');
    expect(en.evidence).toBe(en.score);
  });
});

describe('evidence floor by an intent’s examples', () => {
  it('is minScore up to 6 examples, rises linearly to minScore × minScoreGrowth at 20, and stays there', () => {
    expect([0, 6, 13, 20, 100].map((n) => evidenceFloor(0.25, 1.6, n))).toEqual(
      [0.25, 0.25, 0.325, 0.4, 0.4].map((x) => expect.closeTo(x, 9)),
    );
    expect(evidenceFloor(0.25, 1, 100)).toBe(0.25);
    expect(evidenceFloor(0, 1.6, 100)).toBe(0);
  });

  // An intent with 20 English examples (and 3 Chinese ones) next to two small ones.
  const shipping = [
    'where is my parcel',
    'when will my order arrive',
    'how long does delivery take',
    'do you ship to canada',
    'how much is shipping',
    'can I track my package',
    'my delivery is late',
    'which courier do you use',
    'do you offer express delivery',
    'is shipping free over 50 dollars',
    'can I change my delivery address',
    'do you deliver on weekends',
    'my parcel says delivered but I do not have it',
    'how do I track my shipment',
    'what are your shipping options',
    'do you ship internationally',
    'can I pick up my order instead of delivery',
    'how long does international shipping take',
    'the tracking number does not work',
    'can you send it by next day delivery',
    '发货要多久',
    '能寄到香港吗',
    '运费多少',
  ];
  const siteWith = (router: object) =>
    SiteConfig.parse({
      key: 'kettles',
      name: 'Kettles',
      origins: ['localhost'],
      router,
      intents: [
        { id: 'shipping', label: 'Shipping', examples: shipping },
        { id: 'refund', label: 'Refund', examples: ['I want my money back', 'how do I get a refund', 'refund my order', '我要退款'] },
        {
          id: 'hours',
          label: 'Hours',
          examples: ['when are you open', 'what are your opening hours', 'are you open on sunday', '你们几点开门'],
        },
      ],
    });
  const routerOf = (router: object) => {
    const site = siteWith(router);
    return compileRouter(site, trainRouterModel(site.intents));
  };

  it('holds an intent with many examples to a higher bar, which a flat floor lets an off-topic message through', () => {
    const grown = routerOf({}).route('express train to london');
    expect(grown.intent).toBeNull();
    // Its evidence clears the flat 0.25 but not the 0.4 of an intent with 20 examples.
    const evidence = Number(/^out of scope \(best "shipping" [\d.]+, but its evidence ([\d.]+) < 0\.4\)/.exec(grown.reason)?.[1]);
    expect(evidence).toBeGreaterThanOrEqual(0.25);
    expect(evidence).toBeLessThan(0.4);
    expect(routerOf({ minScoreGrowth: 1 }).route('express train to london').intent).toBe('shipping');
  });

  it('counts the examples in the message’s script: a Chinese message meets the floor of the 3 Chinese examples', () => {
    const clf = loadClassifier(trainRouterModel(siteWith({}).intents));
    const zh = clf.predict('多久能到北京');
    expect(zh.evidence).toBeGreaterThan(0.25);
    expect(zh.evidence).toBeLessThan(0.4);
    expect(routerOf({}).route('多久能到北京')).toMatchObject({ intent: 'shipping', reason: expect.stringMatching(/^classifier/) });
  });
});

describe('rules', () => {
  const rules = compileRules(
    SiteConfig.parse({
      key: 'r',
      name: 'R',
      origins: ['x'],
      intents: [
        { id: 'a', label: 'A', keywords: ['refund', '退款'] },
        { id: 'b', label: 'B', keywords: ['x'], patterns: ['order\\s*#?\\d{5,}'] },
      ],
    }).intents,
  );
  const table: [string, string | null][] = [
    ['I want a REFUND!', 'a'],
    ['refunds', null], // whole words only for Latin keywords
    ['我要退款', 'a'], // substrings for Chinese
    ['status of order #123456', 'b'],
    ['order 12', null],
  ];
  for (const [text, id] of table) it(`${text} → ${id}`, () => expect(rules.match(text)?.intentId ?? null).toBe(id));
});

describe('complexity heuristic', () => {
  const table: [string, string][] = [
    ['thanks!', 'fast'],
    ['ok cool', 'fast'],
    ['Why? How?', 'premium'],
    ['```js\nconsole.log(1)\n```', 'premium'],
    [`${'word '.repeat(80)}`, 'premium'],
    ['这个茶叶的产地在哪里，适合什么季节喝呢', 'default'],
    ['I would like to know more about your teas', 'default'],
  ];
  for (const [text, tier] of table) it(`${text.slice(0, 30)} → ${tier}`, () => expect(assessComplexity(text).tier).toBe(tier));
});

describe('features and classifier', () => {
  it('normalises width and case and drops punctuation', () => {
    expect(normaliseText('  ＨＥＬＬＯ，World!! ')).toBe('hello world');
  });

  it('extracts character n-grams from Chinese with no tokenizer', () => {
    const f = extractFeatures('退款');
    // chars 1–4 over " 退款 " (minus the lone-space unigrams) + 2 Han words + their bigram
    expect(f.size).toBeGreaterThanOrEqual(9);
  });

  it('learns to separate classes and reports a confidence in [0, 1]', () => {
    const model = trainClassifier([
      { text: 'where is my parcel', label: 'track' },
      { text: 'track my package', label: 'track' },
      { text: 'give me my money back', label: 'refund' },
      { text: 'I want a refund', label: 'refund' },
    ]);
    const clf = loadClassifier(model);
    expect(clf.predict('track parcel').label).toBe('track');
    expect(clf.predict('money back please').label).toBe('refund');
    const p = clf.predict('refund');
    expect(p.confidence).toBeGreaterThan(0.5);
    expect(p.second?.label).toBe('track');
    expect(clf.predict('!!!').confidence).toBe(0);
  });

  const parcels = [
    { text: 'where is my parcel', label: 'track' },
    { text: 'track my package', label: 'track' },
    { text: 'has my parcel shipped', label: 'track' },
    { text: 'give me my money back', label: 'refund' },
    { text: 'I want a refund', label: 'refund' },
    { text: 'refund my order please', label: 'refund' },
    { text: 'tell me a joke', label: 'oos' },
    { text: 'what is the weather like', label: 'oos' },
    { text: 'book a flight to paris', label: 'oos' },
  ];

  it('scores only each example’s best rivals after the first epoch, and still separates the classes', () => {
    const fast = loadClassifier(trainClassifier(parcels, { candidates: 1, candidatesFrom: 0, epochs: 6 }));
    expect(fast.predict('where is my package').label).toBe('track');
    expect(fast.predict('money back for my order').label).toBe('refund');
    expect(fast.predict('a joke about the weather').label).toBe('oos');
  });

  it('lowers an intent’s confidence when the out-of-scope class scores close behind it', () => {
    const plain = loadClassifier(trainClassifier(parcels, { oosLabel: 'oos' }));
    const model = trainClassifier(parcels, { oosLabel: 'oos', oosBiasFrom: 0 });
    expect(model.oos).toBe(model.classes.indexOf('oos'));
    const biased = loadClassifier(JSON.parse(JSON.stringify(model)));
    for (const text of ['where is my parcel', 'a refund for my flight']) {
      expect(plain.predict(text).label).not.toBe('oos');
      expect(biased.predict(text).label).toBe(plain.predict(text).label);
      expect(biased.predict(text).confidence).toBeLessThan(plain.predict(text).confidence);
    }
    // Under oosBiasFrom examples (a site's handful) the confidences stay plain.
    expect(trainClassifier(parcels, { oosLabel: 'oos' }).oos).toBeUndefined();
  });

  it('learns each class name as an example, so a message naming the intent finds it', () => {
    const data = [
      { text: 'how much can I spend on my card', label: 'credit_limit' },
      { text: 'what is my spending cap', label: 'credit_limit' },
      { text: 'settle what I owe this month', label: 'pay_bill' },
      { text: 'I want to clear my balance', label: 'pay_bill' },
    ];
    const clf = loadClassifier(trainClassifier(data));
    expect(clf.predict('limit').label).toBe('credit_limit');
    expect(clf.predict('bill').label).toBe('pay_bill');
    const without = loadClassifier(trainClassifier(data, { labelExamples: 0 }));
    expect(without.predict('limit').confidence).toBeLessThan(clf.predict('limit').confidence);
  });

  it('stores the average of the averaged and the last iterate’s weights at lastIterate 0.5', () => {
    const opts = { minWeight: 0, epochs: 3 };
    const weights = (lastIterate: number) => {
      const m = trainClassifier(parcels, { ...opts, lastIterate });
      return m.keys.flatMap((_, f) =>
        m.classes.map((_c, c) => {
          for (let e = m.rowStart[f] as number; e < (m.rowStart[f + 1] as number); e++) if (m.cls[e] === c) return m.w[e] as number;
          return 0;
        }),
      );
    };
    const [avg, last, mixed] = [weights(0), weights(1), weights(0.5)];
    expect(avg.some((a, i) => Math.abs(a - (last[i] as number)) > 0.01)).toBe(true);
    for (const [i, m] of mixed.entries()) expect(m).toBeCloseTo(((avg[i] as number) + (last[i] as number)) / 2, 3);
  });

  it('keeps each block at its share of the norm, and a missing block’s share unused', () => {
    const [c, w] = blockScales(4, 9, 0.4);
    expect([c * c * 4, w * w * 9].map((x) => x.toFixed(6))).toEqual(['0.600000', '0.400000']);
    // No known word: the character n-grams keep their 60 %, so an unknown word is not scored as a whole message.
    expect(blockScales(4, 0, 0.4).map((x) => x.toFixed(6))).toEqual([(Math.sqrt(0.6) / 2).toFixed(6), '0.000000']);
  });

  it('is deterministic for a seed, so a published model can be reproduced', () => {
    const data = demo.intents.flatMap((i) => i.examples.map((text) => ({ text, label: i.id })));
    expect(JSON.stringify(trainClassifier(data))).toBe(JSON.stringify(trainClassifier(data)));
  });
});

describe('word vectors (GloVe 6B 100d, 30,000 words, 4 bits)', () => {
  const vec = (text: string) => {
    const out = new Float64Array(VECTOR_DIMS);
    return { strength: messageVector(normaliseText(text), out), out };
  };
  const cosine = (a: string, b: string) => {
    const [x, y] = [vec(a).out, vec(b).out];
    let s = 0;
    for (let d = 0; d < VECTOR_DIMS; d++) s += (x[d] as number) * (y[d] as number);
    return s;
  };

  it('puts related words near each other, after quantisation', () => {
    expect(cosine('refund', 'reimbursement')).toBeGreaterThan(cosine('refund', 'banana') + 0.2);
    expect(cosine('parcel', 'package')).toBeGreaterThan(cosine('parcel', 'poetry') + 0.2);
  });

  it('gives one known word half strength, two or more full, and none to words it lacks', () => {
    expect(vec('refund').strength).toBe(0.5);
    expect(vec('refund my order').strength).toBe(1);
    expect(vec('退款').strength).toBe(0);
    expect(vec('xqzv blorft').strength).toBe(0);
  });

  const shop = [
    { text: 'I want a refund', label: 'refund' },
    { text: 'give me my money back', label: 'refund' },
    { text: 'where is my parcel', label: 'track' },
    { text: 'has my package shipped yet', label: 'track' },
  ];

  it('recognises a paraphrase that shares no word with the examples, which n-grams alone miss', () => {
    const text = 'reimburse the payment';
    const withVectors = trainClassifier(shop);
    expect(withVectors.wordVectors).toEqual({ table: TABLE_ID, share: 0.5 });
    expect(loadClassifier(withVectors).predict(text).label).toBe('refund');
    const without = trainClassifier(shop, { wordVectors: 0 });
    expect(without.wordVectors).toBeUndefined();
    expect(loadClassifier(without).predict(text).label).not.toBe('refund');
  });

  it('scores a model stored with another table by its n-grams, and one stored before vectors as before', () => {
    const model = trainClassifier(shop);
    const other = loadClassifier({ ...model, wordVectors: { table: 'glove-other', share: 0.5 } });
    expect(other.predict('where is my parcel').label).toBe('track');
    const old = trainClassifier(shop, { wordVectors: 0 });
    const reloaded = loadClassifier(JSON.parse(JSON.stringify(old)));
    expect(reloaded.predict('money back').confidence).toBe(loadClassifier(old).predict('money back').confidence);
  });
});

describe('prediction matches the stored model by definition', () => {
  it('gives the scores a plain reading of the sparse rows gives (rows kept dense included)', () => {
    const data = demo.intents.flatMap((i) => i.examples.map((text) => ({ text, label: i.id })));
    const model = trainClassifier(data, { wordVectors: 0 });
    const clf = loadClassifier(JSON.parse(JSON.stringify(model)));
    const C = model.classes.length;
    const rowOf = new Map(model.keys.map((k, f) => [k, f]));
    const reference = (text: string) => {
      const blocks = [new Float64Array(C), new Float64Array(C)];
      const norms = [0, 0];
      let hits = 0;
      for (const [key, n] of extractFeatures(text, model.features)) {
        const f = rowOf.get(key);
        if (f === undefined) continue;
        hits++;
        const x = (1 + Math.log(n)) * (model.idf[f] as number);
        const b = key & 1;
        norms[b] = (norms[b] as number) + x * x;
        const block = blocks[b] as Float64Array;
        for (let e = model.rowStart[f] as number; e < (model.rowStart[f + 1] as number); e++) {
          const c = model.cls[e] as number;
          block[c] = (block[c] as number) + x * (model.w[e] as number);
        }
      }
      const [sc, sw] = blockScales(norms[0] as number, norms[1] as number, model.features.wordWeight);
      const scores = Array.from({ length: C }, (_, c) => sc * (blocks[0]?.[c] ?? 0) + sw * (blocks[1]?.[c] ?? 0));
      const best = scores.indexOf(Math.max(...scores));
      const z = scores.reduce((a, s) => a + Math.exp(model.temperature * (s - (scores[best] as number))), 0);
      return { label: model.classes[best], confidence: hits === 0 ? 0 : 1 / z };
    };
    // More than half the demo's classes weigh on frequent n-grams, so both the dense and the sparse rows are read.
    const dense = model.keys.filter((_, f) => 2 * ((model.rowStart[f + 1] as number) - (model.rowStart[f] as number)) >= C).length;
    expect(dense).toBeGreaterThan(0);
    for (const text of ['where is my parcel', '我想退货', 'do you ship to canada and how much', 'hello there', 'zzz']) {
      const want = reference(text);
      const got = clf.predict(text);
      expect(got.label).toBe(want.label);
      expect(got.confidence).toBeCloseTo(want.confidence, 9);
    }
  });
});

describe('patterns from configuration run in linear time, within a budget', () => {
  const siteWith = (patterns: string[][]) =>
    SiteConfig.safeParse({
      key: 'p',
      name: 'P',
      origins: ['x'],
      intents: patterns.map((p, i) => ({ id: `i${i}`, label: `I${i}`, keywords: [`kw${i}`], patterns: p })),
    });
  const issuesOf = (patterns: string[][]) => {
    const r = siteWith(patterns);
    return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  };

  it('matches a catastrophic-backtracking pattern against a crafted message in well under a second', () => {
    const parsed = siteWith([['(a+)+$'], ['(x+x+)+y', '(.*a){20}z']]);
    expect(parsed.success).toBe(true);
    const rules = compileRules(parsed.success ? parsed.data.intents : []);
    for (const text of [`${'a'.repeat(28)}!`, `${'a'.repeat(3999)}!`, `${'x'.repeat(3999)}`]) {
      const started = performance.now();
      expect(rules.match(text, 'unrelated')).toBeNull();
      expect(performance.now() - started).toBeLessThan(250);
    }
    expect(rules.match('aaaa', 'unrelated')?.intentId).toBe('i0');
  });

  it('keeps a site full of the heaviest patterns it accepts to a fraction of a second per message', () => {
    const heavy = '[\\s\\S]{0,245}b';
    const intents: string[][] = [];
    while (issuesOf([...intents, [heavy]]).length === 0) intents.push([heavy]);
    expect(intents.length).toBeGreaterThan(1);
    const rules = compileRules((siteWith(intents) as { data: SiteConfig }).data.intents);
    const started = performance.now();
    expect(rules.match(`${'a'.repeat(3999)}!`, 'unrelated')).toBeNull();
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('refuses lookaround and backreferences by path, naming why', () => {
    const issues = issuesOf([['ok'], ['fine', '(?=x)y'], ['(a)\\1']]);
    expect(issues.map((i) => i.path)).toEqual(['intents.1.patterns.1', 'intents.2.patterns.0']);
    for (const i of issues) expect(i.message).toMatch(/regular expression.*lookaround.*backreference/);
  });

  it('refuses a pattern whose program is too large, and a site over its total pattern budget', () => {
    expect(issuesOf([['[a-z]{0,999}x']]).map((i) => i.path)).toEqual(['intents.0.patterns.0']);
    const big = Array.from({ length: 20 }, () => ['[a-z]{0,200}x']);
    const over = issuesOf(big);
    expect(over.length).toBe(1);
    expect(over[0]?.path).toMatch(/^intents\.\d+\.patterns\.0$/);
    expect(over[0]?.message).toMatch(/budget/);
  });

  it('still decides the demo patterns as before', () => {
    const rules = compileRules(demo.intents);
    expect(rules.match('I want to SPEAK with a representative', 'unrelated')?.reason).toMatch(/^pattern/);
    expect(rules.match('the worst experience ever', 'unrelated')?.intentId).toBe('complaint');
    expect(rules.match('I speak to people', 'unrelated')).toBeNull();
  });
});
