// CSP violations from every context: the page, its workers, and ONNX Runtime's pthread workers. Playwright's
// page `console` does not show a worker's CSP messages, so Chromium writes its own log to a file, and every
// CSP message in it (violations and policies it could not parse) counts.
import { existsSync, readFileSync } from 'node:fs';
import type { Browser, BrowserType, LaunchOptions, Worker } from '@playwright/test';

export async function launchWithLog(
  browserType: BrowserType,
  launchOptions: LaunchOptions,
  logFile: string,
): Promise<Browser> {
  const args = [...(launchOptions.args ?? []), '--enable-logging', `--log-file=${logFile}`];
  return browserType.launch({ ...launchOptions, args });
}

/** Read after the browser closed, so nothing is left unwritten. */
export function cspMessages(logFile: string): string[] {
  if (!existsSync(logFile)) return [];
  return readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => line.includes('Content Security Policy'));
}

/**
 * Makes one violation inside a worker on purpose (importing a blob: script, as transformers.js would by
 * default), so a test can show its detector sees worker violations at all. Returns the blob URL.
 */
export function provokeWorkerViolation(worker: Worker): Promise<string> {
  return worker.evaluate(async () => {
    const url = URL.createObjectURL(new Blob(['export default 1;'], { type: 'text/javascript' }));
    await import(/* @vite-ignore */ url).catch(() => undefined);
    return url;
  });
}

/** The page-side listener, for the violations the page itself sees (installed before any script runs). */
export const RECORD_PAGE_VIOLATIONS = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI);
  });
`;
