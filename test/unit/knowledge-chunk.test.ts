import { describe, expect, it } from 'vitest';
import { chunkBlocks, splitLong } from '../../worker/knowledge/chunk';
import { markdownBlocks, stripInline, textBlocks } from '../../worker/knowledge/markdown';
import { wordCount } from '../../worker/knowledge/tokens';

const sentence = (i: number) => `Sentence number ${i} talks about refunds and the return window in plain words.`;
const paragraph = (n: number, from = 0) => Array.from({ length: n }, (_, i) => sentence(from + i)).join(' ');

describe('markdown to blocks', () => {
  const cases: [string, string, ReturnType<typeof markdownBlocks>][] = [
    [
      'headings with levels',
      '# Billing\n\n## Refunds\nMoney back.',
      [
        { kind: 'heading', level: 1, text: 'Billing' },
        { kind: 'heading', level: 2, text: 'Refunds' },
        { kind: 'paragraph', text: 'Money back.' },
      ],
    ],
    [
      'lines of a paragraph join',
      'one\ntwo\n\nthree',
      [
        { kind: 'paragraph', text: 'one two' },
        { kind: 'paragraph', text: 'three' },
      ],
    ],
    [
      'list items are paragraphs',
      '- first\n- second',
      [
        { kind: 'paragraph', text: 'first' },
        { kind: 'paragraph', text: 'second' },
      ],
    ],
    [
      'a fenced block keeps its lines and hides its #',
      '```\n# not a heading\nx = 1\n```',
      [{ kind: 'paragraph', text: '# not a heading\nx = 1' }],
    ],
  ];
  for (const [name, md, blocks] of cases) it(name, () => expect(markdownBlocks(md)).toEqual(blocks));

  it('strips inline markup but keeps link and image text', () => {
    expect(stripInline('See **the** [refund page](https://x.test/r) and ![a chart](c.png) or `code` <b>now</b>')).toBe(
      'See the refund page and a chart or code now',
    );
  });

  it('plain text splits on blank lines only', () => {
    expect(textBlocks('a\nb\n\n\nc')).toEqual([
      { kind: 'paragraph', text: 'a b' },
      { kind: 'paragraph', text: 'c' },
    ]);
  });
});

describe('chunking', () => {
  it('keeps the heading path as context and restarts it at a same-level heading', () => {
    const passages = chunkBlocks(markdownBlocks('# Billing\n## Refunds\nA.\n## Invoices\nB.\n# Shipping\nC.'));
    expect(passages.map((p) => [p.heading, p.text])).toEqual([
      ['Billing › Refunds', 'A.'],
      ['Billing › Invoices', 'B.'],
      ['Shipping', 'C.'],
    ]);
    expect(passages.map((p) => p.ordinal)).toEqual([0, 1, 2]);
  });

  it('merges short paragraphs of one section into one passage', () => {
    const passages = chunkBlocks(textBlocks([paragraph(2), paragraph(2, 2), paragraph(2, 4)].join('\n\n')));
    expect(passages).toHaveLength(1);
    expect(passages[0]?.text.split('\n\n')).toHaveLength(3);
  });

  it('cuts a long paragraph at sentence ends into passages of at most max words', () => {
    const long = paragraph(60); // about 840 words
    const passages = chunkBlocks(textBlocks(long));
    expect(passages.length).toBeGreaterThanOrEqual(4);
    for (const p of passages) {
      expect(wordCount(p.text)).toBeLessThanOrEqual(250);
      expect(p.text.endsWith('.')).toBe(true);
    }
    expect(passages.map((p) => p.text).join(' ')).toBe(long);
  });

  it('folds a short tail into the passage before it', () => {
    const passages = chunkBlocks(textBlocks(`${paragraph(12)}\n\nShort tail.`));
    expect(passages).toHaveLength(1);
    expect(passages[0]?.text.endsWith('Short tail.')).toBe(true);
  });

  it('splits Chinese at 。 and counts one word per character', () => {
    const zh = '退货需要在三十天内申请。'.repeat(40);
    const pieces = splitLong(zh, 100);
    expect(pieces.length).toBeGreaterThan(4);
    for (const p of pieces) {
      expect(wordCount(p)).toBeLessThanOrEqual(100);
      expect(p.endsWith('。')).toBe(true);
    }
    expect(pieces.join('')).toBe(zh);
  });

  it('cuts a single over-long sentence at word boundaries', () => {
    const pieces = splitLong(Array.from({ length: 600 }, (_, i) => `w${i}`).join(' '), 250);
    expect(pieces.map(wordCount)).toEqual([250, 250, 100]);
  });
});
