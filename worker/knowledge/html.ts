/**
 * HTML to the markdown shape `markdownBlocks` reads, with Workers' streaming `HTMLRewriter` (workerd only; Node
 * code never imports this file). Headings become `#` lines, block elements blank lines, and script, style,
 * navigation and form chrome are dropped with everything inside them.
 */
import { type Block, markdownBlocks } from './markdown';

const BLOCKS = 'p,div,section,article,main,header,footer,aside,li,dt,dd,tr,blockquote,pre,table,ul,ol,dl,br,hr,figcaption';
const SKIPPED = 'script,style,noscript,template,nav,form,button,select,svg,iframe,head';
const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  copy: '©',
  reg: '®',
  laquo: '«',
  raquo: '»',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
};

/** Decode the entities text chunks arrive with (HTMLRewriter hands text over raw). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (all, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
    }
    return ENTITIES[name.toLowerCase()] ?? all;
  });
}

/** The text of an HTML page as markdown-shaped lines (headings kept, markup and chrome gone). */
export async function htmlToMarkdown(html: string): Promise<string> {
  const parts: string[] = [];
  let skipped = 0;
  const rewriter = new HTMLRewriter()
    .on(SKIPPED, {
      element(el) {
        skipped++;
        el.onEndTag(() => {
          skipped--;
        });
      },
    })
    .on(BLOCKS, {
      element(el) {
        parts.push('\n\n');
        if (!['br', 'hr'].includes(el.tagName)) el.onEndTag(() => void parts.push('\n\n'));
      },
    })
    .on(HEADINGS.join(','), {
      element(el) {
        const level = HEADINGS.indexOf(el.tagName) + 1;
        parts.push(`\n\n${'#'.repeat(level)} `);
        el.onEndTag(() => void parts.push('\n\n'));
      },
    })
    .onDocument({
      text(chunk) {
        if (skipped === 0) parts.push(decodeEntities(chunk.text).replace(/\s+/g, ' '));
      },
    });
  await rewriter.transform(new Response(html)).text();
  return parts.join('');
}

/** HTML to heading and paragraph blocks. */
export async function htmlBlocks(html: string): Promise<Block[]> {
  return markdownBlocks(await htmlToMarkdown(html));
}
