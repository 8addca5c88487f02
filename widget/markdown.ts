/**
 * A small markdown subset rendered straight to Preact nodes: paragraphs, **bold**, *italic*, lists,
 * `inline code`, fenced code blocks and [links](https://…). Model output is untrusted, so text only
 * ever becomes text nodes (never HTML) and a link survives only with an http(s) or mailto URL.
 */
import { type ComponentChildren, h, type VNode } from 'preact';

/** The URL if it is an absolute http(s) or mailto URL, else null (javascript:, data:, relative…). */
export function safeHref(raw: string): string | null {
  try {
    const url = new URL(raw.trim());
    return /^(https?|mailto):$/.test(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

// code | [text](url) | **bold** | *italic* / _italic_ | bare http(s) URL
const INLINE =
  /`([^`\n]+)`|\[([^\]\n]+)\]\(([^)\s]+)\)|\*\*([^*\n]+)\*\*|\*([^*\n]+)\*|\b_([^_\n]+)_\b|(https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"])/g;

/** A link that opens in a new tab without access to this page. */
export function link(href: string, text: ComponentChildren): VNode {
  const attrs: Record<string, string> = { href, target: '_blank', rel: 'noopener noreferrer' };
  return h('a', attrs, text);
}

/** Inline spans of one line or paragraph. */
export function inline(text: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const at = match.index ?? 0;
    if (at > last) out.push(text.slice(last, at));
    last = at + match[0].length;
    const [whole, code, label, url, bold, em, em2, bare] = match;
    if (code !== undefined) out.push(h('code', null, code));
    else if (label !== undefined && url !== undefined) {
      const href = safeHref(url);
      out.push(href ? link(href, inline(label)) : whole);
    } else if (bold !== undefined) out.push(h('strong', null, inline(bold)));
    else if ((em ?? em2) !== undefined) out.push(h('em', null, inline(em ?? em2 ?? '')));
    else if (bare !== undefined) {
      const href = safeHref(bare);
      out.push(href ? link(href, bare) : bare);
    }
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBER = /^\s*\d{1,3}[.)]\s+(.*)$/;

/** Render a whole reply. An unclosed code fence (mid-stream) renders as a code block so far. */
export function renderMarkdown(src: string): VNode[] {
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  const blocks: VNode[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) blocks.push(h('p', null, inline(para.join('\n'))));
    para = [];
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (line.trimStart().startsWith('```')) {
      flush();
      const code: string[] = [];
      while (++index < lines.length && !(lines[index] ?? '').trimStart().startsWith('```')) code.push(lines[index] ?? '');
      blocks.push(h('pre', null, h('code', null, code.join('\n'))));
      continue;
    }
    const kind = BULLET.test(line) ? 'ul' : NUMBER.test(line) ? 'ol' : null;
    if (kind) {
      flush();
      const re = kind === 'ul' ? BULLET : NUMBER;
      const items: VNode[] = [];
      for (; index < lines.length && re.test(lines[index] ?? ''); index++)
        items.push(h('li', null, inline(re.exec(lines[index] ?? '')?.[1] ?? '')));
      index--;
      blocks.push(h(kind, null, items));
      continue;
    }
    if (line.trim() === '') flush();
    else para.push(line);
  }
  flush();
  return blocks;
}
