import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by the gateway under /console: every asset is bundled (no CDN) and addressed below that path.
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
});
