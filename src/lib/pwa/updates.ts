/**
 * The app's update flow, framework-free. A new version installs in the background and waits; the person is
 * told, and Hearth switches only when they say so, and never in the middle of an answer or a download: a
 * Reload asked for while work runs happens when it ends.
 */

/** The part of workbox-window's `Workbox` this flow uses (a fake in tests). */
export interface ServiceWorkerHost {
  addEventListener(
    type: 'waiting' | 'controlling',
    listener: (event: { isExternal?: boolean }) => void,
  ): void;
  register(): Promise<unknown>;
  update(): Promise<unknown>;
  messageSkipWaiting(): void;
}

export type UpdateState =
  /** Running the newest version we know of. */
  | 'current'
  /** A new version is installed and waits for the person. */
  | 'ready'
  /** The person asked to reload; it happens when the running answer or download ends. */
  | 'reload-when-idle'
  /** The new version took over; this tab switches on its next reload. */
  | 'switching';

export interface AppUpdaterOptions {
  host: ServiceWorkerHost;
  /** Whether an answer, a load or a download is running now. */
  busy: () => boolean;
  /** Reloads the page (location.reload in the app). */
  reload: () => void;
  onChange: () => void;
}

export class AppUpdater {
  #state: UpdateState = 'current';
  /** Set once this tab asked the waiting version to take over, so only this tab reloads by itself. */
  #asked = false;
  /** Why the last update check failed (offline, the server down): shown nowhere, kept for diagnosis. */
  lastCheckError: string | null = null;

  constructor(private readonly options: AppUpdaterOptions) {
    options.host.addEventListener('waiting', () => this.#set('ready'));
    options.host.addEventListener('controlling', () => {
      if (this.#asked) this.options.reload();
      // Another tab switched versions: say so, but never reload this one under the person's hands.
      else this.#set('switching');
    });
  }

  get state(): UpdateState {
    return this.#state;
  }

  async register(): Promise<void> {
    try {
      await this.options.host.register();
    } catch (error) {
      this.lastCheckError = error instanceof Error ? error.message : String(error);
    }
  }

  /** Looks for a new version; offline or with the server down this fails quietly and tries again later. */
  async check(): Promise<void> {
    try {
      await this.options.host.update();
      this.lastCheckError = null;
    } catch (error) {
      this.lastCheckError = error instanceof Error ? error.message : String(error);
    }
  }

  /** The person pressed Reload. */
  reloadNow(): void {
    if (this.#state === 'switching') {
      this.options.reload();
      return;
    }
    if (this.#state !== 'ready' && this.#state !== 'reload-when-idle') return;
    if (this.options.busy()) {
      this.#set('reload-when-idle');
      return;
    }
    this.#switch();
  }

  /** Called whenever running work ends; a deferred reload goes ahead once nothing runs. */
  workChanged(): void {
    if (this.#state === 'reload-when-idle' && !this.options.busy()) this.#switch();
  }

  #switch(): void {
    this.#asked = true;
    this.options.host.messageSkipWaiting();
  }

  #set(state: UpdateState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.options.onChange();
  }
}
