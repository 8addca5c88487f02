import { describe, expect, it } from 'vitest';
import { LINES, RANGES } from '../../widget/admin/list-syntax';

describe('the console reads typed lists as the schema expects them', () => {
  it.each([
    ['one a line, trimmed, blank lines dropped', ' a \n\n b\n', ['a', 'b']],
    ['nothing typed is an empty list', '', []],
  ])('lines: %s', (_, text, items) => {
    expect(LINES.parse(text)).toEqual(items);
  });

  it.each([
    [
      'two ranges',
      '09:00-12:00, 13:00-17:30',
      [
        ['09:00', '12:00'],
        ['13:00', '17:30'],
      ],
    ],
    ['an en dash and spaces', '09:00 – 17:00', [['09:00', '17:00']]],
    ['a range typed half-way keeps its open time, an empty close for the schema to refuse', '09:00', [['09:00', '']]],
    ['a trailing comma adds no range', '08:00-10:00,', [['08:00', '10:00']]],
    ['nothing typed: closed that day', ' ', []],
  ])('ranges: %s', (_, text, ranges) => {
    expect(RANGES.parse(text)).toEqual(ranges);
  });

  it('writes back what it reads', () => {
    const text = '09:00-12:00, 13:00-17:30';
    expect(RANGES.format(RANGES.parse(text))).toBe(text);
    expect(LINES.format(LINES.parse('a\nb'))).toBe('a\nb');
  });
});
