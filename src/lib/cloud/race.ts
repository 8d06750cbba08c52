/** How a wait ended: the work settled, the caller aborted, or nothing arrived in time. */
export type RaceOutcome<T> = { kind: 'done'; value: T } | { kind: 'aborted' } | { kind: 'idle' };

/**
 * Waits for `work` unless `signal` aborts or `idleMs` pass first. A fetch (a test fake, a proxy, a stalled
 * body) may ignore its signal, so this race, not the signal alone, is what guarantees we return on time.
 * A rejection of `work` is rethrown; once the race is lost, a later rejection is handled by the race itself.
 */
export async function raceIdleOrAbort<T>(
  work: Promise<T>,
  signal: AbortSignal,
  idleMs: number,
): Promise<RaceOutcome<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let listener: (() => void) | undefined;
  const interrupted = new Promise<RaceOutcome<T>>((resolve) => {
    if (signal.aborted) {
      resolve({ kind: 'aborted' });
      return;
    }
    listener = () => resolve({ kind: 'aborted' });
    signal.addEventListener('abort', listener, { once: true });
    timer = setTimeout(() => resolve({ kind: 'idle' }), idleMs);
  });
  try {
    return await Promise.race([work.then((value): RaceOutcome<T> => ({ kind: 'done', value })), interrupted]);
  } finally {
    clearTimeout(timer);
    if (listener) signal.removeEventListener('abort', listener);
  }
}
