import { defineConfig } from 'vite';

// Vite's own esbuild transform handles JSX (the automatic runtime): no React plugin is needed
// for a production build, and without it there is one less dependency to keep current.
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // .vite/manifest.json maps each page to its chunks; scripts/first-load-size.ts reads it.
    manifest: true,
    target: 'es2022',
    // The budget is on gzipped size of the first page (docs/benchmarks-ui.md); this only
    // silences Vite's raw-size warning, which does not measure what the reader downloads.
    chunkSizeWarningLimit: 800,
  },
  server: {
    port: 5173,
    // `npm run dev` (the API on 8600) and `npx vite web` together give a live-reloading UI.
    proxy: { '/api': 'http://127.0.0.1:8600', '/healthz': 'http://127.0.0.1:8600' },
  },
});
