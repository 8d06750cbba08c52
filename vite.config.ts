/// <reference types="vitest/config" />
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { APP_HEADERS, DEV_HEADERS } from './scripts/lib/security-headers.js';
import packageJson from './package.json' with { type: 'json' };

const { version } = packageJson;

export default defineConfig({
  define: {
    // Which build this is, shown in Settings: a person reporting a problem can say which Hearth they run.
    __HEARTH_BUILD__: JSON.stringify(process.env.HEARTH_BUILD_LABEL ?? `${version}`),
  },
  plugins: [
    svelte(),
    VitePWA({
      // The page asks before switching versions (src/lib/pwa/updates.ts) and registers the worker itself.
      strategies: 'generateSW',
      registerType: 'prompt',
      injectRegister: false,
      filename: 'sw.js',
      manifestFilename: 'manifest.webmanifest',
      manifest: {
        id: '/',
        name: 'Hearth — language models on your device',
        short_name: 'Hearth',
        description:
          'Hearth runs small language models in your browser, on your own device, and keeps working offline.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        lang: 'en',
        dir: 'ltr',
        categories: ['productivity', 'utilities'],
        theme_color: '#c2410c',
        background_color: '#fbf7f2',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
        screenshots: [
          {
            src: '/icons/screenshot-wide.png',
            sizes: '1280x800',
            type: 'image/png',
            form_factor: 'wide',
            label: 'Hearth answering on a desktop',
          },
          {
            src: '/icons/screenshot-narrow.png',
            sizes: '390x844',
            type: 'image/png',
            form_factor: 'narrow',
            label: 'Hearth on a phone',
          },
        ],
      },
      workbox: {
        // The app shell, every worker bundle and every engine file (ONNX Runtime's 27 MB wasm and its .mjs
        // loader, web-llm's chunk): nothing the app runs may come from the network once it is installed.
        // (The manifest and its icons are added by the plugin itself.)
        globPatterns: ['**/*.{js,mjs,css,html,wasm,svg}', 'icons/apple-touch-icon-*.png'],
        // Model weights live in the weight cache (IndexedDB), never in the service worker's; the install
        // dialog's screenshots are not needed offline.
        globIgnores: ['models/**'],
        maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
        navigateFallback: 'index.html',
        // Real files (the test models under /models/, the benchmark page) are never answered with the shell.
        navigateFallbackDenylist: [/^\/models\//, /\.[a-z0-9]+$/i],
        cleanupOutdatedCaches: true,
      },
    }),
  ],
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
