import { describe, expect, it } from 'vitest';
import { offlineAware } from '../../../../src/lib/cache';
import { NetworkError, OfflineError, StorageFullError } from '../../../../src/lib/errors';

describe('offlineAware', () => {
  it('says the model is not on this device and the browser is offline, with what to do', async () => {
    const failing = offlineAware(
      'Qwen2.5 0.5B',
      () => false,
      () => Promise.reject(new TypeError('Failed to fetch')),
    );
    await expect(failing).rejects.toBeInstanceOf(OfflineError);
    await expect(failing).rejects.toThrow('Qwen2.5 0.5B');
    const error = await failing.catch((e: unknown) => e);
    expect(error instanceof OfflineError && error.userMessage()).toMatch(/you are offline.*self-test model/);
  });

  it('leaves other failures as they are, and network failures while online too', async () => {
    await expect(
      offlineAware(
        'm',
        () => true,
        () => Promise.reject(new NetworkError('reset')),
      ),
    ).rejects.toBeInstanceOf(NetworkError);
    await expect(
      offlineAware(
        'm',
        () => false,
        () => Promise.reject(new StorageFullError('quota')),
      ),
    ).rejects.toBeInstanceOf(StorageFullError);
    await expect(
      offlineAware(
        'm',
        () => false,
        () => Promise.resolve('stored'),
      ),
    ).resolves.toBe('stored');
  });
});
