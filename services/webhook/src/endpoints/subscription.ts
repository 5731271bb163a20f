import { eventTypes, type EventType } from '@ops/events';

/** `user.*` covers every type whose first part is `user`. */
const prefixes = new Set(eventTypes.map((t) => t.split('.')[0]!));

/**
 * A subscription is an event type (`user.created`), a family (`user.*`) or everything (`*`).
 * Returns why a pattern is refused, or null when it is valid.
 */
export function subscriptionProblem(pattern: string): string | null {
  if (pattern === '*') return null;
  if (pattern.endsWith('.*')) {
    return prefixes.has(pattern.slice(0, -2)) ? null : `unknown event family '${pattern}'`;
  }
  return (eventTypes as readonly string[]).includes(pattern) ? null : `unknown event type '${pattern}'`;
}

export function subscriptionMatches(patterns: readonly string[], type: EventType | string): boolean {
  for (const p of patterns) {
    if (p === '*' || p === type) return true;
    if (p.endsWith('.*') && type.startsWith(p.slice(0, -1))) return true;
  }
  return false;
}
