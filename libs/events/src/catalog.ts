import type { z } from 'zod';
import { billingEvents } from './catalog/billing.js';
import { deviceEvents } from './catalog/device.js';
import { monitoringEvents } from './catalog/monitoring.js';
import { organizationEvents } from './catalog/organization.js';
import { platformEvents } from './catalog/platform.js';
import { subscriptionEvents } from './catalog/subscription.js';
import { userEvents } from './catalog/user.js';
import type { EventDefinition } from './define-event.js';

const definitions = [
  ...userEvents,
  ...organizationEvents,
  ...subscriptionEvents,
  ...billingEvents,
  ...deviceEvents,
  ...monitoringEvents,
  ...platformEvents,
] as const;

type Definition = (typeof definitions)[number];

/** Every event type the platform publishes, e.g. `user.created`. */
export type EventType = Definition['type'];

/** The event types of each domain: what a service's event writer may write (its domains' types, no other). */
export interface DomainEventTypes {
  user: (typeof userEvents)[number]['type'];
  organization: (typeof organizationEvents)[number]['type'];
  subscription: (typeof subscriptionEvents)[number]['type'];
  billing: (typeof billingEvents)[number]['type'];
  device: (typeof deviceEvents)[number]['type'];
  monitoring: (typeof monitoringEvents)[number]['type'];
  platform: (typeof platformEvents)[number]['type'];
}

/** The `data` of an event of type T. */
export type EventData<T extends EventType> = z.infer<Extract<Definition, { type: T }>['data']>;

/** The catalog, in a stable order (by domain, then as listed). */
export const eventDefinitions: readonly EventDefinition<EventType>[] = definitions;

export const eventTypes: readonly EventType[] = definitions.map((d) => d.type);

const byType = new Map<string, EventDefinition<EventType>>(definitions.map((d) => [d.type, d]));

export function isEventType(type: string): type is EventType {
  return byType.has(type);
}

export function eventDefinition(type: EventType): EventDefinition<EventType> {
  return byType.get(type)!;
}
