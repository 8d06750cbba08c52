export interface Route {
  path: string;
  label: string;
}

/** The app's pages, in navigation order (names are part of the contract). */
export const ROUTES = [
  { path: '/', label: 'Chat' },
  { path: '/models', label: 'Models' },
  { path: '/benchmark', label: 'Benchmark' },
  { path: '/evaluate', label: 'Evaluate' },
  { path: '/settings', label: 'Settings' },
] as const satisfies readonly Route[];

export type RoutePath = (typeof ROUTES)[number]['path'];

/** Maps any pathname to a known page; unknown paths are reported so the UI can say so. */
export function matchRoute(pathname: string): RoutePath | null {
  const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  return ROUTES.find((route) => route.path === trimmed)?.path ?? null;
}
