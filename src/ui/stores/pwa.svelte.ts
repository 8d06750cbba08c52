import { Workbox } from 'workbox-window';
import {
  AppUpdater,
  InstallOffer,
  isInstallPromptEvent,
  needsIosHint,
  type InstallState,
  type UpdateState,
} from '../../lib/pwa';

/** Looks for a new version this often while the tab is open, and whenever it comes back into view. */
const CHECK_EVERY_MS = 60 * 60 * 1000;

/**
 * The page's view of Hearth as an installed, offline-capable app: connectivity, the install offer and the
 * update flow. The service worker is registered only in production builds (the dev server has none).
 */
export class PwaStore {
  online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
  update = $state<UpdateState>('current');
  install = $state<InstallState>('unavailable');
  readonly iosHint: boolean;
  readonly #updater: AppUpdater | null = null;
  readonly #offer: InstallOffer;

  constructor(busy: () => boolean) {
    const standalone = typeof matchMedia !== 'undefined' && matchMedia('(display-mode: standalone)').matches;
    this.iosHint = needsIosHint(navigator.userAgent, navigator.maxTouchPoints ?? 0, standalone);
    this.#offer = new InstallOffer(standalone, () => (this.install = this.#offer.state));
    this.install = this.#offer.state;
    addEventListener('beforeinstallprompt', (event) => {
      if (isInstallPromptEvent(event)) this.#offer.offered(event);
    });
    addEventListener('appinstalled', () => this.#offer.installed());
    addEventListener('online', () => (this.online = true));
    addEventListener('offline', () => (this.online = false));

    if (import.meta.env.PROD && 'serviceWorker' in navigator) {
      const updater = new AppUpdater({
        host: new Workbox('/sw.js', { scope: '/' }),
        busy,
        reload: () => location.reload(),
        onChange: () => (this.update = updater.state),
      });
      this.#updater = updater;
      // After the page has loaded: the precache download must not compete with the first paint.
      const start = (): void => {
        void updater.register();
        setInterval(() => void updater.check(), CHECK_EVERY_MS);
        document.addEventListener('visibilitychange', () => {
          if (document.visibilityState === 'visible') void updater.check();
        });
      };
      if (document.readyState === 'complete') start();
      else addEventListener('load', start, { once: true });
      // A deferred reload goes ahead when the answer or download that held it ends.
      $effect(() => {
        busy();
        updater.workChanged();
      });
    }
  }

  reload(): void {
    this.#updater?.reloadNow();
  }

  async installApp(): Promise<void> {
    await this.#offer.install();
  }
}
