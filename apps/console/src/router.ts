import { useSyncExternalStore } from 'react';

/**
 * Hash routes (`#/endpoints/ep_...`): the gateway serves one index.html, and a portal token in the fragment
 * never reaches a server.
 */
function segments(): string[] {
  return window.location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
}

function subscribe(listener: () => void) {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function useRoute(): string[] {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return hash === undefined ? [] : segments();
}

export function navigate(path: string): void {
  window.location.hash = path;
}

/** Replaces the current entry: the portal token leaves the address bar and the history. */
export function redirect(path: string): void {
  window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}#${path}`);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}
