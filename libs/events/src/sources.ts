import { eventDefinition, eventDefinitions, isEventType, type EventType } from './catalog.js';
import type { EventDomain } from './define-event.js';

/**
 * Who may publish each domain's events: the `source` their envelopes carry and the NATS user the broker lets
 * publish their subjects. The first is the service of this repository that owns the domain; others are outside
 * publishers admitted by adding them here (a reviewed change to the contract, like a new type).
 */
const domainSources: Record<EventDomain, readonly string[]> = {
  user: ['user'],
  organization: ['org'],
  subscription: ['subscription'],
  // examples/billing-job: another team's job that bills usage the subscription service does not see.
  billing: ['subscription', 'billing-job'],
  device: ['device'],
  monitoring: ['device'],
  platform: ['webhook'],
};

/** The sources allowed to publish `type`, its owner first. */
export function eventSources(type: EventType): readonly string[] {
  return domainSources[eventDefinition(type).domain];
}

/** Whether an envelope of `type` may come from `source`. */
export function isAllowedSource(type: string, source: string): boolean {
  return isEventType(type) && eventSources(type).includes(source);
}

/** Every source named by the catalog. */
export const publishingSources: readonly string[] = [...new Set(Object.values(domainSources).flat())];

/** The types `source` may publish (none for a name the catalog does not know). */
export function typesPublishedBy(source: string): EventType[] {
  return eventDefinitions.filter((d) => domainSources[d.domain].includes(source)).map((d) => d.type);
}
