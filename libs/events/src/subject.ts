import type { EventType } from './catalog.js';

/** The subject prefix of the EVENTS stream; tests use their own prefix to stay isolated. */
export const DEFAULT_SUBJECT_PREFIX = 'events';

/** `user.created` travels on `events.user.created`. */
export function subjectFor(type: EventType | string, prefix = DEFAULT_SUBJECT_PREFIX): string {
  return `${prefix}.${type}`;
}
