import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_HEADERS,
  CONTENT_SECURITY_POLICY,
  DEV_HEADERS,
  MODEL_HOST_HEADERS,
} from '../../../scripts/lib/security-headers.js';

const directives = new Map(
  CONTENT_SECURITY_POLICY.split(';').map((part) => {
    const [name = '', ...sources] = part.trim().split(/\s+/);
    return [name, sources];
  }),
);

describe('the Content-Security-Policy', () => {
  it('runs scripts and workers only from this origin, with wasm compilation, never inline or blob:', () => {
    expect(directives.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(directives.get('worker-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(
      /unsafe-inline|unsafe-eval'(?<!wasm-unsafe-eval')|blob:|data:/,
    );
  });

  it('shuts plugins, <base> and framing out', () => {
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('reaches any https endpoint or mirror, and plain http only on loopback', () => {
    const connect = directives.get('connect-src') ?? [];
    expect(connect).toEqual(["'self'", 'https:', 'http://localhost:*', 'http://127.0.0.1:*']);
    expect(connect).not.toContain('http:');
  });
});

describe('the header sets', () => {
  it('give the app the CSP, cross-origin isolation and the rest', () => {
    expect(APP_HEADERS).toEqual({
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
  });

  it('give dev everything but the CSP', () => {
    const { 'Content-Security-Policy': _csp, ...rest } = APP_HEADERS;
    expect(DEV_HEADERS).toEqual(rest);
  });

  it('let a cross-origin-isolated page load from the model host', () => {
    expect(MODEL_HOST_HEADERS['Cross-Origin-Resource-Policy']).toBe('cross-origin');
  });

  it('are the ones README "Hosting Hearth" lists', () => {
    const readme = readFileSync(join(import.meta.dirname, '../../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Hosting Hearth'));
    for (const [name, value] of Object.entries(APP_HEADERS)) {
      expect(section).toContain(`| \`${name}\` | \`${value}\` |`);
    }
  });
});
