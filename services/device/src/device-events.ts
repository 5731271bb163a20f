import type { DomainEventTypes } from '@ops/events';
import { EventWriter } from '@ops/outbox';
import { outbox } from './schema.js';

/** Device and alert events, each under the device's organization, written in the caller's transaction. */
export const deviceEvents = new EventWriter<DomainEventTypes['device'] | DomainEventTypes['monitoring']>(outbox, 'device');
