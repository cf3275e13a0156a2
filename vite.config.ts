import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web app lives in src/web and is built into dist/web, which the server serves.
// In development `vite` proxies /api to a running `sijpath serve`.
export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        // zod and the line that makes it jitless (src/web/zod-config.ts) in one chunk: every chunk
        // that parses a schema when it loads imports this one, so the setting is made before any
        // parse, and zod never probes for eval (which the Content-Security-Policy refuses).
        manualChunks: (id) =>
          id.includes('/node_modules/zod/') || id.endsWith('/src/web/zod-config.ts') ? 'zod' : undefined,
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
