/**
 * Markdown (and plain text) to blocks: headings with their level, and paragraphs of plain text with the inline
 * markup taken out. Pure; HTML reaches here too, after `html.ts` has rewritten it into this same shape.
 */

export type Block = { kind: 'heading'; level: number; text: string } | { kind: 'paragraph'; text: string };

const HEADING = /^(#{1,6})[ \t]+(.+?)[ \t#]*$/;
const FENCE = /^(```|~~~)/;
const LIST_ITEM = /^\s*(?:[-*+]|\d{1,3}[.)])\s+/;

/** Inline markdown to plain text: links and images keep their text, emphasis, code ticks and tags go. */
export function stripInline(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/<[^>]{1,200}>/g, ' ')
    .replace(/(\*\*|__|~~)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/(^|[^\w*])[*_](?=\S)([^*_]+?)(?<=\S)[*_](?![\w*])/g, '$1$2')
    .replace(/`+([^`]*)`+/g, '$1')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/** Split markdown into heading and paragraph blocks; list items become paragraphs of their own. */
export function markdownBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let fence: string | null = null;
  const flush = () => {
    const text = stripInline(paragraph.join(fence === null ? ' ' : '\n'));
    if (text) blocks.push({ kind: 'paragraph', text });
    paragraph = [];
  };
  for (const raw of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    const fenceMark = FENCE.exec(line.trim());
    if (fence !== null) {
      if (fenceMark && line.trim().startsWith(fence)) {
        blocks.push({ kind: 'paragraph', text: paragraph.join('\n').trim() });
        paragraph = [];
        fence = null;
      } else paragraph.push(line);
      continue;
    }
    if (fenceMark?.[1]) {
      flush();
      fence = fenceMark[1];
      continue;
    }
    const heading = HEADING.exec(line.trim());
    if (heading?.[1] && heading[2]) {
      flush();
      blocks.push({ kind: 'heading', level: heading[1].length, text: stripInline(heading[2]) });
    } else if (line.trim() === '' || /^(?:-{3,}|\*{3,}|_{3,})$/.test(line.trim())) {
      flush();
    } else if (LIST_ITEM.test(line)) {
      flush();
      paragraph.push(line.replace(LIST_ITEM, '').replace(/^>\s?/, ''));
    } else {
      paragraph.push(line.replace(/^\s*>\s?/, ''));
    }
  }
  if (fence !== null) fence = null;
  flush();
  return blocks.filter((b) => b.text.length > 0);
}

/** Plain text: paragraphs are separated by blank lines, no headings. */
export function textBlocks(text: string): Block[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .map((p) => ({ kind: 'paragraph' as const, text: p }));
}
