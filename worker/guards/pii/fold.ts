/**
 * Full-width ASCII variants (U+FF01..U+FF5E) and the ideographic space fold to ASCII one code unit for one,
 * so detectors see `１３８` as `138` and every span still indexes the original text.
 */
export function foldWidth(text: string): string {
  if (!/[\uFF01-\uFF5E\u3000]/.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000) out += ' ';
    else out += text[i];
  }
  return out;
}
