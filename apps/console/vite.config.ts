import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

// Served by the gateway under /console: every asset is bundled (no CDN) and addressed below that path.
// Workspace packages (@ops/api-client) are bundled from their TypeScript sources: no build of theirs needed first.
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  resolve: { conditions: ['source', ...defaultClientConditions] },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
});
