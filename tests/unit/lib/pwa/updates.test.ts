import { describe, expect, it } from 'vitest';
import { AppUpdater, type ServiceWorkerHost } from '../../../../src/lib/pwa';

type Listener = (event: { isExternal?: boolean }) => void;

class FakeHost implements ServiceWorkerHost {
  listeners = new Map<string, Listener[]>();
  skipWaitingAsked = 0;
  updateFails: Error | null = null;
  addEventListener(type: 'waiting' | 'controlling', listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  emit(type: 'waiting' | 'controlling'): void {
    for (const listener of this.listeners.get(type) ?? []) listener({});
  }
  register(): Promise<unknown> {
    return Promise.resolve(undefined);
  }
  update(): Promise<unknown> {
    return this.updateFails ? Promise.reject(this.updateFails) : Promise.resolve(undefined);
  }
  messageSkipWaiting(): void {
    this.skipWaitingAsked++;
  }
}

function setup(busy = false) {
  const host = new FakeHost();
  const state = { busy, reloads: 0, changes: 0 };
  const updater = new AppUpdater({
    host,
    busy: () => state.busy,
    reload: () => state.reloads++,
    onChange: () => state.changes++,
  });
  return { host, state, updater };
}

describe('AppUpdater', () => {
  it('says a new version is ready when one waits, and switches only when asked', () => {
    const { host, state, updater } = setup();
    expect(updater.state).toBe('current');
    host.emit('waiting');
    expect(updater.state).toBe('ready');
    expect(state.changes).toBe(1);
    expect(host.skipWaitingAsked).toBe(0);

    updater.reloadNow();
    expect(host.skipWaitingAsked).toBe(1);
    expect(state.reloads).toBe(0);
    // The new version took control because this tab asked: now it reloads.
    host.emit('controlling');
    expect(state.reloads).toBe(1);
  });

  it('never cuts an answer or a download: Reload waits until the work ends', () => {
    const { host, state, updater } = setup(true);
    host.emit('waiting');
    updater.reloadNow();
    expect(updater.state).toBe('reload-when-idle');
    expect(host.skipWaitingAsked).toBe(0);

    updater.workChanged(); // still busy
    expect(host.skipWaitingAsked).toBe(0);
    state.busy = false;
    updater.workChanged();
    expect(host.skipWaitingAsked).toBe(1);
    host.emit('controlling');
    expect(state.reloads).toBe(1);
  });

  it('does not reload this tab when another tab switched versions; it says so and reloads on request', () => {
    const { host, state, updater } = setup();
    host.emit('waiting');
    host.emit('controlling');
    expect(state.reloads).toBe(0);
    expect(updater.state).toBe('switching');
    updater.reloadNow();
    expect(state.reloads).toBe(1);
    expect(host.skipWaitingAsked).toBe(0);
  });

  it('ignores Reload when nothing waits, and a failed update check (offline) is kept, not thrown', async () => {
    const { host, state, updater } = setup();
    updater.reloadNow();
    expect(host.skipWaitingAsked).toBe(0);
    expect(state.reloads).toBe(0);
    host.updateFails = new TypeError('Failed to update a ServiceWorker: An unknown error occurred');
    await expect(updater.check()).resolves.toBeUndefined();
    expect(updater.lastCheckError).toMatch(/Failed to update/);
    host.updateFails = null;
    await updater.check();
    expect(updater.lastCheckError).toBeNull();
  });
});
