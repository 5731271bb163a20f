import type { DomainEventTypes } from '@ops/events';
import { EventWriter } from '@ops/outbox';
import { outbox } from './schema.js';

/** Subscription and billing events, each under the organization the subscription pays for, written in the caller's transaction. */
export const billingEvents = new EventWriter<DomainEventTypes['subscription'] | DomainEventTypes['billing']>(outbox, 'subscription');
