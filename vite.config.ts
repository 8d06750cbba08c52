/// <reference types="vitest/config" />
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

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
  server: { port: 5173 },
  preview: { port: 4173 },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/fixtures/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
