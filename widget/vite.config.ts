import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

/** The widget: one self-contained IIFE file, no CSS file (styles are constructed in the shadow root). */
export default defineConfig({
  plugins: [preact()],
  root: new URL('..', import.meta.url).pathname,
  build: {
    outDir: 'dist/public',
    emptyOutDir: false,
    target: 'es2020',
    lib: { entry: 'widget/loader.tsx', name: 'ParleyWidget', formats: ['iife'], fileName: () => 'widget.js' },
    rollupOptions: { output: { extend: false } },
    // terser with two passes is ~230 bytes (gzip) smaller than esbuild here: margin under the 15 KiB budget.
    minify: 'terser',
    terserOptions: { compress: { passes: 2 } },
  },
});
