import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

/**
 * The host page runs `widget.js` as a classic script (it reads `document.currentScript`), so the entry must
 * have no `import`/`export` statements and must not leak its top-level names: it is wrapped in a function,
 * and the build fails if anything ties it to a shared chunk. Its one dynamic `import()` is given an absolute
 * URL, resolved against the script's own `src`: a classic script from another origin has `about:blank` as its
 * base URL, so a relative specifier would not resolve. The UI chunk therefore always comes from the loader's origin.
 */
function classicLoader(): Plugin {
  return {
    name: 'parley-classic-loader',
    renderDynamicImport({ chunk }) {
      return chunk.isEntry ? { left: 'import(new URL(', right: ',parleyScript.src).href)' } : null;
    },
    generateBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type !== 'chunk') continue;
        // Library mode keeps tree-shaking annotations for downstream bundlers; nothing bundles these files again.
        file.code = file.code.replace(/\/\* @__PURE__ \*\/\s*/g, '');
        if (!file.isEntry) continue;
        if (file.imports.length || file.exports.length) {
          throw new Error(
            `${file.fileName} imports ${file.imports.join()} / exports ${file.exports.join()}: it must stay a classic script`,
          );
        }
        file.code = `(parleyScript=>{${file.code}})(document.currentScript);\n`;
      }
    },
    // The output folder is shared with the console's build, so it is not emptied: drop UI chunks of earlier builds.
    writeBundle(options, bundle) {
      const dir = options.dir ?? 'dist/public';
      for (const name of readdirSync(dir)) if (/^widget-ui\..*\.js$/.test(name) && !(name in bundle)) rmSync(join(dir, name));
    },
  };
}

/**
 * The stylesheets (`ui/styles.ts`, `launcher.ts`) are written one rule per line for reading; the line breaks
 * mean nothing to CSS, so the build drops them from the template literals that open with one (~17 B gzip).
 */
function compactCss(): Plugin {
  return {
    name: 'parley-compact-css',
    enforce: 'pre',
    transform(code, id) {
      if (!/widget\/(ui\/styles|launcher)\.ts$/.test(id)) return null;
      return { code: code.replace(/`\n[^`]*`/g, (css) => css.replace(/\n/g, '')), map: null };
    },
  };
}

/**
 * The widget: the loader `widget.js` (launcher, `window.Parley`, its queue) and the chat UI as one lazily
 * imported, content-hashed chunk. No CSS files: styles are constructed stylesheets in the shadow root.
 */
export default defineConfig({
  plugins: [compactCss(), classicLoader()],
  // The panel renders with the widget's own renderer (ui/dom.ts: Preact's API subset, ~1 KB gzip instead of
  // Preact's ~4.2 KB); type checking still goes through Preact's types. The console's build keeps Preact.
  resolve: { alias: { preact: new URL('ui/dom.ts', import.meta.url).pathname } },
  // Classic `h()` calls: ~150 B gzip smaller than the automatic runtime (no jsx-runtime module, no `children:` keys).
  // Type checking still goes through Preact's JSX types (widget/tsconfig.json); nothing else differs in a build.
  esbuild: { jsx: 'transform', jsxFactory: 'h', jsxFragment: 'Fragment', jsxInject: "import { h, Fragment } from 'preact'" },
  root: new URL('..', import.meta.url).pathname,
  build: {
    outDir: 'dist/public',
    emptyOutDir: false,
    target: 'es2020',
    // Library mode: no preload helper around the dynamic import (the chunk has no dependencies to preload).
    lib: { entry: 'widget/loader.ts', formats: ['es'], fileName: () => 'widget.js' },
    rollupOptions: { output: { chunkFileNames: 'widget-ui.[hash].js', hashCharacters: 'hex' } },
    // terser with two passes is ~230 bytes (gzip) smaller than esbuild here: margin under the budgets.
    // `_name` members are private fields and methods (the panel component's, the renderer's), read only inside
    // the UI chunk, so they are shortened (~35 B); `unsafe`/`pure_getters` ~35 B.
    minify: 'terser',
    terserOptions: {
      compress: { passes: 2, unsafe: true, pure_getters: true },
      mangle: { properties: { regex: /^_[a-z][a-zA-Z]+$/ } },
      format: { comments: false },
    },
  },
});
