import { matchRoute, type RoutePath } from './routes';

/** Client-side routing on the History API, so deep links survive reloads (the server falls back to index.html). */
export class Navigation {
  #pathname = $state(window.location.pathname);
  readonly current: RoutePath | null = $derived(matchRoute(this.#pathname));

  constructor() {
    window.addEventListener('popstate', () => {
      this.#pathname = window.location.pathname;
    });
  }

  get pathname(): string {
    return this.#pathname;
  }

  go(path: string): void {
    if (path === window.location.pathname) return;
    window.history.pushState({}, '', path);
    this.#pathname = path;
    window.scrollTo(0, 0);
  }

  /** Click handler for in-app links: plain left clicks stay in the page, the rest behave as links do. */
  follow = (event: MouseEvent): void => {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    ) {
      return;
    }
    const anchor = event.currentTarget instanceof HTMLAnchorElement ? event.currentTarget : null;
    if (!anchor || anchor.origin !== window.location.origin) return;
    event.preventDefault();
    this.go(anchor.pathname);
  };
}
