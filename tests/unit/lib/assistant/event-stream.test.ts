import { describe, expect, it } from 'vitest';
import { eventStream } from '../../../../src/lib/assistant/event-stream';

describe('eventStream', () => {
  it('yields every event in order, including those emitted synchronously and after awaits', async () => {
    const seen: number[] = [];
    for await (const n of eventStream<number>(async (emit) => {
      emit(1);
      emit(2);
      await new Promise((r) => setTimeout(r, 1));
      emit(3);
    }))
      seen.push(n);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('rethrows the work failure after the events before it', async () => {
    const seen: number[] = [];
    const run = async () => {
      for await (const n of eventStream<number>(async (emit) => {
        emit(1);
        throw new Error('boom');
      }))
        seen.push(n);
    };
    await expect(run()).rejects.toThrow('boom');
    expect(seen).toEqual([1]);
  });
});
