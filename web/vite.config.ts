import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The pages: plain TypeScript, one HTML entry, the member and lead views as separate chunks; nothing from another host. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
  },
});
