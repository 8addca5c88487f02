import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/**
 * The widget's size budgets, on the built files, gzipped (JS and CSS together: the CSS is in the JS, as
 * constructed stylesheets). The loader is what every page view of a host site pays; the chat UI chunk
 * loads only when the visitor shows intent, and it imports the visitor's locale table (Chinese, Arabic: each a
 * chunk of its own; English is in the UI chunk). A visitor downloads one of those, so the total counts the largest. Raising a budget needs a comment saying why; competitors ship
 * 130–600 KB.
 */
const LOADER_BUDGET = 4 * 1024;
const TOTAL_BUDGET = 15 * 1024;
const DIST = new URL('../../dist/public/', import.meta.url);

const gzipped = (file: string) => gzipSync(readFileSync(new URL(file, DIST)), { level: 9 }).length;
const importsOf = (file: string) =>
  [...readFileSync(new URL(file, DIST), 'utf8').matchAll(/import\((?:new URL\()?"\.\/([^"]+)"/g)].map((match) => match[1] ?? '');
/** The loader and every chunk it can import, directly or through another chunk. */
function widgetFiles(): string[] {
  const seen = new Set(['widget.js']);
  for (const file of seen) for (const next of importsOf(file)) seen.add(next);
  return [...seen];
}

describe('widget size', () => {
  it(`the loader (widget.js) is at most ${LOADER_BUDGET} bytes gzipped, and carries no UI`, () => {
    expect(existsSync(new URL('widget.js', DIST)), 'dist/public/widget.js is missing: run npm run build:widget').toBe(true);
    const loader = gzipped('widget.js');
    console.log(`widget.js (loader): ${loader} bytes gzip (budget ${LOADER_BUDGET})`);
    expect(loader).toBeLessThanOrEqual(LOADER_BUDGET);
    const code = readFileSync(new URL('widget.js', DIST), 'utf8');
    // Preact's renderer and the transports are the UI chunk's: none of their code is in the loader.
    expect(code).not.toMatch(/createTextNode|WebSocket|\/v1\/chat/);
  });

  it('the loader is a classic script whose only import is the hashed UI chunk, resolved against its own src', () => {
    const code = readFileSync(new URL('widget.js', DIST), 'utf8');
    expect(code).not.toMatch(/^\s*(import|export)\b|import\.meta/m);
    const imports = [...code.matchAll(/import\(([^)]*)\)/g)].map((match) => match[1]);
    // A cross-origin classic script's base URL is about:blank: the specifier must be made absolute from the script's src.
    expect(imports).toEqual([expect.stringMatching(/^new URL\("\.\/widget-ui\.[0-9a-f]{8,}\.js",parleyScript\.src$/)]);
    expect(importsOf('widget.js').every((file) => existsSync(new URL(file, DIST)))).toBe(true);
  });

  it(`the loader, the UI chunk and the largest locale table together are at most ${TOTAL_BUDGET} bytes gzipped`, () => {
    const [ui, ...more] = importsOf('widget.js');
    expect(ui, 'the loader imports the UI chunk').toBeDefined();
    expect(more).toEqual([]);
    const locales = importsOf(ui as string);
    // Each non-English locale is its own chunk, imported by the UI chunk, and imports nothing further.
    expect(locales.length).toBeGreaterThanOrEqual(2);
    expect(new Set(widgetFiles())).toEqual(new Set(['widget.js', ui, ...locales]));
    const sizes = widgetFiles().map((file) => [file, gzipped(file)] as const);
    const largestLocale = Math.max(...locales.map(gzipped));
    const total = gzipped('widget.js') + gzipped(ui as string) + largestLocale;
    const everything = sizes.reduce((sum, [, size]) => sum + size, 0);
    console.log(
      `widget files: ${sizes.map(([file, size]) => `${file} ${size}`).join(', ')}; one visitor ${total} (budget ${TOTAL_BUDGET}), all files ${everything}`,
    );
    expect(total).toBeLessThanOrEqual(TOTAL_BUDGET);
    // No CSS file escapes the budget: styles are constructed in the shadow root.
    expect(readdirSync(DIST).filter((name) => name.endsWith('.css'))).toEqual([]);
  });

  it('the Chinese and Arabic panel strings are not in the UI chunk: each is in a locale chunk of its own', () => {
    const [ui] = importsOf('widget.js');
    const code = (file: string) => readFileSync(new URL(file, DIST), 'utf8');
    expect(code(ui as string)).toContain('Type your question…');
    expect(code(ui as string)).not.toMatch(/请输入您的问题|اكتب سؤالك/);
    const locales = importsOf(ui as string).map(code);
    expect(locales.filter((text) => text.includes('请输入您的问题'))).toHaveLength(1);
    expect(locales.filter((text) => text.includes('اكتب سؤالك'))).toHaveLength(1);
  });
});
