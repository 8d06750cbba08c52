// The HTTP headers Hearth's app needs from whatever serves it, defined once for `npm start`, the bench's
// server and `vite preview`/`vite dev` (vite.config.ts). README "Hosting Hearth" lists the same set.

/**
 * Scripts and workers only from this origin; 'wasm-unsafe-eval' lets ONNX Runtime compile its wasm. No
 * inline script and no blob: (library.ts makes ORT import its loader from this origin, not from a blob).
 * connect-src cannot name the cloud endpoint or model mirror, because they are settings, so it allows any
 * https origin and plain http on loopback only, the same rule the settings apply. IPv6 loopback cannot be
 * listed: CSP host sources have no IPv6 form (Chromium ignores `http://[::1]:*` with a console error), so a
 * local server on [::1] is reached as http://localhost.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self' https: http://localhost:* http://127.0.0.1:*",
  "img-src 'self'",
  "style-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Cross-origin isolation: COOP + COEP make `crossOriginIsolated` true, which gives SharedArrayBuffer and so
 * ONNX Runtime's WebAssembly threads. CORP keeps other origins from embedding our files.
 */
export const ISOLATION_HEADERS = Object.freeze({
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
});

/** Every response of the app: pages, assets, workers, 404s and errors alike. */
export const APP_HEADERS = Object.freeze({
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  ...ISOLATION_HEADERS,
});

/**
 * `vite dev`: everything but the CSP. The dev server injects component styles as <style> elements and
 * talks to its HMR client over a ws: socket, both of which the strict policy forbids; production-like
 * checks use the build (`npm start`, `vite preview`), which sends APP_HEADERS.
 */
export const DEV_HEADERS = Object.freeze(
  Object.fromEntries(Object.entries(APP_HEADERS).filter(([name]) => name !== 'Content-Security-Policy')),
);

/**
 * The test-model server (`fixtures:serve`, the bench's model host) is another origin: CORS lets the app read
 * it, and CORP cross-origin lets a cross-origin-isolated (COEP require-corp) page load it at all.
 */
export const MODEL_HOST_HEADERS = Object.freeze({
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'X-Content-Type-Options': 'nosniff',
});
