import { describe, expect, it } from 'vitest';
import { buildMatchQuery } from '../../worker/knowledge/match';
import { foldWord, languageToken, queryTerms, siteToken, tokenize } from '../../worker/knowledge/tokens';

describe('tokenizer', () => {
  const cases: [string, string[]][] = [
    ['Refunds & RETURNS', ['refund', 'return']],
    ['ＦＵＬＬ－width', ['full', 'width']],
    ['退货政策', ['退货', '货政', '政策']],
    ['我', ['我']],
    ['refund 退货 policy', ['refund', '退货', 'policy']],
    ['café', ['café']],
  ];
  for (const [text, tokens] of cases) it(`${text} → ${tokens.join(' ')}`, () => expect(tokenize(text)).toEqual(tokens));

  const folds: [string, string][] = [
    ['policies', 'policy'],
    ['boxes', 'boxe'],
    ['status', 'status'],
    ['address', 'address'],
    ['bus', 'bus'],
    ['accounts', 'account'],
    ['is', 'is'],
  ];
  for (const [word, folded] of folds) it(`folds ${word} → ${folded}`, () => expect(foldWord(word)).toBe(folded));

  it('drops stop words from queries unless nothing else is left', () => {
    expect(queryTerms('How do I get a refund?')).toEqual(['get', 'refund']);
    expect(queryTerms('what is it')).toEqual(['what', 'is', 'it']);
    expect(queryTerms('refund refund REFUND')).toEqual(['refund']);
  });

  it('names sites and languages with single tokens', () => {
    expect(siteToken('demo-site.v2')).toMatch(/^s[0-9a-f]+$/);
    expect(tokenize(siteToken('demo-site.v2'))).toHaveLength(1);
    expect(siteToken('a-b')).not.toBe(siteToken('a.b'));
    expect(languageToken('zh-Hans-CN')).toBe('lzh');
    expect(languageToken('EN_us')).toBe('len');
  });
});

describe('MATCH query builder', () => {
  const site = siteToken('demo');
  const build = (q: string, locale?: string) => buildMatchQuery('demo', queryTerms(q), locale);
  const cases: [string, string | null][] = [
    ['refund policy', `site : ("${site}") AND {title heading body} : ("refund" OR "policy")`],
    ['"refund" policy"', `site : ("${site}") AND {title heading body} : ("refund" OR "policy")`],
    ['refund NEAR(policy, 2)', `site : ("${site}") AND {title heading body} : ("refund" OR "near" OR "policy" OR "2")`],
    ['refun* -policy', `site : ("${site}") AND {title heading body} : ("refun" OR "policy")`],
    ['(refund OR policy) AND NOT shipping', `site : ("${site}") AND {title heading body} : ("refund" OR "policy" OR "not" OR "shipping")`],
    ['title: secret ^start', `site : ("${site}") AND {title heading body} : ("title" OR "secret" OR "start")`],
    ['怎么退货', `site : ("${site}") AND {title heading body} : ("怎么" OR "么退" OR "退货")`],
    ['"" * - ( ) : ^ {}', null],
    ['', null],
  ];
  for (const [query, match] of cases) it(JSON.stringify(query), () => expect(build(query)).toBe(match));

  it('adds the language token when a locale is asked for', () => {
    expect(build('refund', 'zh-CN')).toBe(`site : ("${site}" AND "lzh") AND {title heading body} : ("refund")`);
  });

  it('never lets a quote, operator or column filter through unquoted', () => {
    const hostile = 'a" OR site : "x NEAR/3 {title}: * ^ - + ( ) AND NOT';
    const match = build(hostile) ?? '';
    const content = match.slice(match.indexOf('{title heading body} : (') + 24, -1);
    for (const part of content.split(' OR ')) expect(part).toMatch(/^"[\p{L}\p{N}]+"$/u);
  });

  it('caps the number of terms', () => {
    const terms = queryTerms(Array.from({ length: 100 }, (_, i) => `word${i}`).join(' '));
    expect(terms).toHaveLength(32);
  });
});
