/**
 * Full-width ASCII variants (U+FF01..U+FF5E) and the ideographic space fold to ASCII one code unit for one,
 * so detectors see `１３８` as `138` and every span still indexes the original text.
 */
const WIDE = /[\uFF01-\uFF5E\u3000]/;
const WIDE_ALL = /[\uFF01-\uFF5E\u3000]/g;
const narrow = (c: string) => (c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0));

/** `text` with full-width forms folded; the same string when it has none (the common case, found natively). */
export function foldWidth(text: string): string {
  // `replace` copies only around the matches; building the string a code unit at a time made a cons string as
  // long as the text, which every detector then had to flatten.
  return WIDE.test(text) ? text.replace(WIDE_ALL, narrow) : text;
}
