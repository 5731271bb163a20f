import { useSyncExternalStore } from 'react';
import { sessionStore, type Session } from './session.js';

export function useSession(): Session | null {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.get);
}
