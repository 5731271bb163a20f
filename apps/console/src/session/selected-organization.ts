import { useSyncExternalStore } from 'react';
import { useSession } from './use-session.js';

/** The organization the pages show; `undefined`: every endpoint the caller may see (platform admins). */
const KEY = 'ops-console-organization';
let selected: string | undefined = sessionStorage.getItem(KEY) ?? undefined;
const listeners = new Set<() => void>();

export function selectOrganization(orgId: string | undefined): void {
  selected = orgId;
  if (orgId) sessionStorage.setItem(KEY, orgId);
  else sessionStorage.removeItem(KEY);
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A portal shows its one organization, whatever was selected before. */
export function useSelectedOrganization(): string | undefined {
  const session = useSession();
  const chosen = useSyncExternalStore(subscribe, () => selected);
  return session?.portalOrg ?? chosen;
}
