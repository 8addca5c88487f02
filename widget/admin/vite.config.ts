import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

/** The support console: its own entry, built into dist/public/admin/ and served by the Worker at /admin. */
export default defineConfig({
  plugins: [preact()],
  root: new URL('.', import.meta.url).pathname,
  base: '/admin/',
  build: {
    outDir: new URL('../../dist/public/admin', import.meta.url).pathname,
    emptyOutDir: true,
    target: 'es2020',
    // No inline module-preload polyfill: the console's CSP allows no inline script.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
