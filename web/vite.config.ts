import { defineConfig } from 'vite';

// The console is static files under dist/console, served by `drobot serve` at `/` with a strict CSP:
// one script file and one style file, no inline code, nothing from another origin.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: {
    outDir: '../dist/console',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
});
