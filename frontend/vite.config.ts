import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * `HOSTMASTER_URL` points `vite` (dev server) at a running `npm start`, so the dashboard can be
 * developed with hot reload against the real local API, config and Cognito stand-in.
 */
const target = process.env.HOSTMASTER_URL;

export default defineConfig({
  plugins: [react()],
  // Relative asset URLs: one build serves from a bucket root, a sub-path or the local server.
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022' },
  server: target ? { proxy: { '/api': target, '/config.json': target } } : {},
});
