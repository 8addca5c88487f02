/** How the console's list fields read typed text into a list and write it back: pure, so tested by tables of cases. */

/** How a list is typed as text: `parse` reads the text into items, `format` writes items back, `noun` names one. */
export interface ListSyntax<T> {
  parse(text: string): T[];
  format(items: T[]): string;
  noun: string;
  multiline: boolean;
}

/** One string a line; blank lines are dropped. */
export const LINES: ListSyntax<string> = {
  parse: (text: string) =>
    text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== ''),
  format: (items: string[]) => items.join('\n'),
  noun: 'line',
  multiline: true,
};

export type Range = [string, string];

/** Opening ranges typed as `09:00-12:00, 13:00-17:30`; a range typed half-way keeps its halves for the schema to judge. */
export const RANGES: ListSyntax<Range> = {
  parse: (text: string) =>
    text
      .split(',')
      .map((r) => r.trim())
      .filter((r) => r !== '')
      .map((r): Range => {
        const [open = '', close = ''] = r.split(/\s*[-–]\s*/);
        return [open, close];
      }),
  format: (ranges: Range[]) => ranges.map(([open, close]) => `${open}-${close}`).join(', '),
  noun: 'range',
  multiline: false,
};
