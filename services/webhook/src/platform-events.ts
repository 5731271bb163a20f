import type { DomainEventTypes } from '@ops/events';
import { EventWriter } from '@ops/outbox';
import { outbox } from './schema.js';

/** The webhook service's own events (`webhook.*`), under the endpoint's organization, written in the caller's transaction. */
export const platformEvents = new EventWriter<DomainEventTypes['platform']>(outbox, 'webhook');
