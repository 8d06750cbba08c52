/**
 * Turns callback-driven work (engines call back per token) into an async iterator of its events. Events
 * are queued, never dropped, and the iterator ends when the work settles; if the work rejects, the
 * iterator rethrows after the events emitted before the failure.
 */
export async function* eventStream<T>(work: (emit: (event: T) => void) => Promise<void>): AsyncGenerator<T> {
  const queue: T[] = [];
  let wake: (() => void) | null = null;
  // Written by the work's callbacks, read by the loop: an object, so the compiler does not narrow it away.
  const state: { settled: boolean; failure: { error: unknown } | null } = { settled: false, failure: null };

  const emit = (event: T): void => {
    queue.push(event);
    wake?.();
  };
  work(emit).then(
    () => {
      state.settled = true;
      wake?.();
    },
    (error: unknown) => {
      state.failure = { error };
      state.settled = true;
      wake?.();
    },
  );

  for (;;) {
    const next = queue.shift();
    if (next !== undefined) {
      yield next;
      continue;
    }
    if (state.settled) break;
    await new Promise<void>((resolve) => (wake = resolve));
    wake = null;
  }
  if (state.failure) throw state.failure.error;
}
