/**
 * Installing Hearth as an app. Chromium offers it through `beforeinstallprompt`, which must be kept and
 * replayed on a click; iOS Safari has no prompt at all, so its users get one line on "Add to Home Screen".
 */

/** Chromium's event (not in TypeScript's DOM types). */
export interface InstallPromptEvent extends Event {
  prompt(): Promise<void>;
  readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

export function isInstallPromptEvent(event: Event): event is InstallPromptEvent {
  return 'prompt' in event && typeof event.prompt === 'function' && 'userChoice' in event;
}

/** iPhone, iPod or iPad (iPadOS says "Macintosh" but has touch), in a browser tab rather than installed. */
export function needsIosHint(userAgent: string, maxTouchPoints: number, standalone: boolean): boolean {
  if (standalone) return false;
  const ios = /iPhone|iPod|iPad/.test(userAgent) || (/Macintosh/.test(userAgent) && maxTouchPoints > 1);
  return ios;
}

export type InstallState = 'unavailable' | 'available' | 'installed';

export class InstallOffer {
  #event: InstallPromptEvent | null = null;
  #state: InstallState;

  constructor(
    standalone: boolean,
    private readonly onChange: () => void,
  ) {
    this.#state = standalone ? 'installed' : 'unavailable';
  }

  get state(): InstallState {
    return this.#state;
  }

  /** The browser says Hearth can be installed; the event is kept for the button. */
  offered(event: InstallPromptEvent): void {
    if (this.#state === 'installed') return;
    // Chromium shows its own mini-infobar otherwise; Hearth's button is the one place to install from.
    event.preventDefault();
    this.#event = event;
    this.#set('available');
  }

  installed(): void {
    this.#event = null;
    this.#set('installed');
  }

  /** Shows the browser's install dialog; the event can be used once, whatever the person chose. */
  async install(): Promise<'accepted' | 'dismissed' | 'unavailable'> {
    const event = this.#event;
    if (!event) return 'unavailable';
    this.#event = null;
    await event.prompt();
    const { outcome } = await event.userChoice;
    this.#set(outcome === 'accepted' ? 'installed' : 'unavailable');
    return outcome;
  }

  #set(state: InstallState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.onChange();
  }
}
