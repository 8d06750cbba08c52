/// <reference types="vitest/config" />
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { APP_HEADERS, DEV_HEADERS } from './scripts/lib/security-headers.js';

export default defineConfig({
  plugins: [svelte()],
  build: {
    target: 'es2022',
    // The ONNX Runtime wasm (~27 MB) is fetched by the worker on demand, never inlined.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1024,
    rollupOptions: {
      // bench.html is the harness `npm run bench` drives; people use the Benchmark page.
      input: { main: 'index.html', bench: 'bench.html' },
    },
  },
  worker: { format: 'es' },
  // Dev gets cross-origin isolation but no CSP: Vite's dev client injects <style> elements and uses a ws:
  // socket, which the strict policy forbids. `vite preview` serves the build with the full set, like `npm start`.
  server: { port: 5173, headers: { ...DEV_HEADERS } },
  preview: { port: 4173, headers: { ...APP_HEADERS } },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/fixtures/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
