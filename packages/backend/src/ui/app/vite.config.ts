// Builds the SPA into packages/backend/dist/web; no CDN, no inline script (the server's CSP forbids it).
// Run from the backend package as `vite build src/ui/app`, so this folder is the root.
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  build: {
    outDir: '../../../dist/web',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
