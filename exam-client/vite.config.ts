import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const clientRoot = fileURLToPath(new URL('.', import.meta.url));

/** Vite build of the exam client; the server serves `dist/` (assets under /assets, index.html under /t/<slug>/). */
export default defineConfig({
  root: clientRoot,
  base: '/',
  plugins: [preact()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  server: {
    // `npx vite --config exam-client/vite.config.ts` during development: the API runs on the server process.
    proxy: {
      '/api': 'http://localhost:3000',
      // The exam player's live connection (socket.io namespace /attempt).
      '/socket.io': { target: 'http://localhost:3000', ws: true },
    },
  },
});
