import type { VNode } from 'preact';
import { describe, expect, it } from 'vitest';
import { renderMarkdown, safeHref } from '../../widget/markdown';

/** Serialise a vnode tree to a readable HTML-ish string (text escaped), to compare whole structures. */
function show(node: unknown): string {
  if (node === null || node === undefined || node === false) return '';
  if (Array.isArray(node)) return node.map(show).join('');
  if (typeof node === 'string' || typeof node === 'number') return String(node).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const v = node as VNode<Record<string, unknown>>;
  const { children, ...props } = v.props;
  const attrs = Object.entries(props)
    .map(([k, val]) => ` ${k}="${String(val)}"`)
    .join('');
  return `<${String(v.type)}${attrs}>${show(children)}</${String(v.type)}>`;
}

/** Every element and prop in a tree, to prove no raw-HTML escape hatch is ever produced. */
function walk(node: unknown, visit: (v: VNode<Record<string, unknown>>) => void): void {
  if (Array.isArray(node)) for (const n of node) walk(n, visit);
  else if (node && typeof node === 'object') {
    const v = node as VNode<Record<string, unknown>>;
    visit(v);
    walk(v.props.children, visit);
  }
}

const A = (href: string, text: string) => `<a href="${href}" target="_blank" rel="noopener noreferrer">${text}</a>`;

describe('markdown subset', () => {
  it.each([
    ['plain text', 'Hello there', '<p>Hello there</p>'],
    ['paragraphs', 'one\n\ntwo', '<p>one</p><p>two</p>'],
    ['bold and italic', '**Account → Orders** and *soon*', '<p><strong>Account → Orders</strong> and <em>soon</em></p>'],
    ['inline code', 'run `npm test`', '<p>run <code>npm test</code></p>'],
    ['bullet list', '- a\n- b', '<ul><li>a</li><li>b</li></ul>'],
    ['numbered list', 'intro\n1. one\n2. two', '<p>intro</p><ol><li>one</li><li>two</li></ol>'],
    ['code block', '```js\nconst a = "<b>";\n```', '<pre><code>const a = "&lt;b>";</code></pre>'],
    ['unclosed fence while streaming', '```\npartial', '<pre><code>partial</code></pre>'],
    ['https link', '[docs](https://example.com/a?b=1)', `<p>${A('https://example.com/a?b=1', 'docs')}</p>`],
    ['mailto link', '[mail us](mailto:help@example.com)', `<p>${A('mailto:help@example.com', 'mail us')}</p>`],
    ['bare URL', 'see https://example.com/x.', `<p>see ${A('https://example.com/x', 'https://example.com/x')}.</p>`],
  ])('%s', (_name, src, html) => expect(show(renderMarkdown(src))).toBe(html));

  it.each([
    ['javascript: link', '[click](javascript:alert(1))'],
    ['encoded javascript: link', '[x](jAvAsCrIpT:alert`1`)'],
    ['data: link', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['vbscript link', '[x](vbscript:msgbox(1))'],
    ['relative link', '[x](/admin)'],
    ['raw script tag', '<script>alert(1)</script>'],
    ['img onerror', '<img src=x onerror=alert(1)>'],
    ['svg onload', '<svg/onload=alert(1)>'],
    ['html inside link text', '[<img src=x onerror=alert(1)>](https://ok.example)'],
  ])('payload stays inert: %s', (_name, src) => {
    const tree = renderMarkdown(src);
    const tags = new Set<string>();
    walk(tree, (v) => {
      tags.add(String(v.type));
      // Only the props the renderer means to set: no event handlers, no raw-HTML escape hatch.
      for (const k of Object.keys(v.props)) expect(['children', 'href', 'rel', 'target', 'class', 'key', 'start']).toContain(k);
      if (v.type === 'a') expect(String(v.props.href)).toMatch(/^(https?:|mailto:)/);
    });
    for (const t of tags) expect(['p', 'a', 'strong', 'em', 'code', 'pre', 'ul', 'ol', 'li']).toContain(t);
    // The payload's characters survive as visible text: nothing was interpreted as markup.
    if (src.startsWith('<')) expect(show(tree)).toContain('&lt;');
  });

  it.each([
    ['https://a.example/', 'https://a.example/'],
    ['http://a.example', 'http://a.example/'],
    ['mailto:x@y.example', 'mailto:x@y.example'],
    [' javascript:alert(1)', null],
    ['java\tscript:alert(1)', null],
    ['data:text/html,x', null],
    ['//evil.example', null],
    ['ftp://a.example', null],
  ])('safeHref(%j) = %j', (raw, want) => expect(safeHref(raw)).toBe(want));
});
