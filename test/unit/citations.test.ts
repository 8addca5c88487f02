import { describe, expect, it } from 'vitest';
import { citationStream, citedIn, citedSources } from '../../worker/pipeline/turn/citations';
import { features } from '../../worker/providers/faq';
import { extractAnswer } from '../../worker/providers/faq/extract';

/** Feed `chunks` through a stream over `count` sources; what was released at each step and at the end. */
function run(chunks: string[], count: number) {
  const stream = citationStream(count);
  const released = chunks.map((c) => stream.push(c));
  released.push(stream.end());
  return { released, text: released.join(''), cited: [...stream.cited] };
}

describe('citation markers in a stream', () => {
  it.each([
    { chunks: ['It costs $19 [1].'], text: 'It costs $19 [1].', cited: [1] },
    { chunks: ['It costs $19 [', '1].'], text: 'It costs $19 [1].', cited: [1] },
    { chunks: ['See [', '2', ']', ' and [1]'], text: 'See [2] and [1]', cited: [2, 1] },
    { chunks: ['Both [1, 2] agree'], text: 'Both [1][2] agree', cited: [1, 2] },
    { chunks: ['Made up [9] here'], text: 'Made up  here', cited: [] },
    { chunks: ['Mixed [2, 9]'], text: 'Mixed [2]', cited: [2] },
    { chunks: ['a [link](x) and [b]'], text: 'a [link](x) and [b]', cited: [] },
    { chunks: ['ends open [1'], text: 'ends open [1', cited: [] },
    { chunks: ['[1][1] twice'], text: '[1][1] twice', cited: [1] },
  ])('$chunks → $text', ({ chunks, text, cited }) => {
    const out = run(chunks, 3);
    expect(out.text).toBe(text);
    expect(out.cited).toEqual(cited);
  });

  it('holds back a marker split across chunks until it closes, and no longer', () => {
    const { released } = run(['price [', '1', '] ok'], 2);
    expect(released).toEqual(['price ', '', '[1] ok', '']);
    expect(run(['[12345678901234567890123456 not a marker'], 2).released[0]).toBe('[12345678901234567890123456 not a marker');
  });

  it('reads the markers of a finished text and maps them to sources', () => {
    const sources = [
      { n: 1, title: 'Teas', url: 'https://shop.test/teas' },
      { n: 2, title: 'Returns' },
    ];
    expect(citedSources(citedIn('A [2] then [1] and [5].', 2), sources)).toEqual([
      { n: 2, title: 'Returns' },
      { n: 1, title: 'Teas', url: 'https://shop.test/teas' },
    ]);
    expect(citedSources(citedIn('no markers', 2), sources)).toBeUndefined();
  });
});

describe('extractive answers', () => {
  const passage = 'Tieguanyin oolong has an orchid aroma and a long finish. It costs $19 for a 75 g tin. Dianhong costs $16.';
  it('keeps the sentences sharing the most of the question, in the passage order', () => {
    expect(extractAnswer(passage, features('What does the Tieguanyin oolong cost?'), features)).toBe(
      'Tieguanyin oolong has an orchid aroma and a long finish. It costs $19 for a 75 g tin.',
    );
    expect(extractAnswer(passage, features('orchid'), features, 1)).toBe('Tieguanyin oolong has an orchid aroma and a long finish.');
    expect(extractAnswer('铁观音乌龙茶兰花香气。75 克装售价 19 美元。', features('铁观音售价多少'), features)).toContain('19 美元');
  });
  it('falls back to the first sentence when nothing matches', () => {
    expect(extractAnswer(passage, features('zebra'), features)).toBe('Tieguanyin oolong has an orchid aroma and a long finish.');
  });
});
