import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development Vite serves the app and forwards the API to a running gateway
// (CLUSTERFLOW_GATEWAY_URL, default http://127.0.0.1:4000). In production the gateway serves dist/ itself.
const gateway = process.env['CLUSTERFLOW_GATEWAY_URL'] ?? 'http://127.0.0.1:4000';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    port: 5173,
    proxy: { '/graphql': gateway, '/health': gateway },
  },
});
