import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/**
 * The widget's size budgets, on the built files, gzipped (JS and CSS together: the CSS is in the JS, as
 * constructed stylesheets). The loader is what every page view of a host site pays; the chat UI chunk
 * loads only when the visitor shows intent. Raising a budget needs a comment saying why; competitors ship
 * 130–600 KB.
 */
const LOADER_BUDGET = 4 * 1024;
// 16 KB, from 15: conversations belong to their visitor, so every transport carries the server-minted id and
// token (WebSocket URL and hello, SSE body and response headers, feedback) and the page gets `reset`/`shutdown`;
// the build was within 70 bytes of 15 KB before, and those cost about 470 bytes gzipped.
const TOTAL_BUDGET = 16 * 1024;
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

  it(`all widget files together are at most ${TOTAL_BUDGET} bytes gzipped`, () => {
    const files = widgetFiles();
    expect(files.length).toBeGreaterThanOrEqual(2);
    const sizes = files.map((file) => [file, gzipped(file)] as const);
    const total = sizes.reduce((sum, [, size]) => sum + size, 0);
    console.log(`widget files: ${sizes.map(([file, size]) => `${file} ${size}`).join(', ')}; total ${total} (budget ${TOTAL_BUDGET})`);
    expect(total).toBeLessThanOrEqual(TOTAL_BUDGET);
    // No CSS file escapes the budget: styles are constructed in the shadow root.
    expect(readdirSync(DIST).filter((name) => name.endsWith('.css'))).toEqual([]);
  });
});
