import type { DomainEventTypes } from '@ops/events';
import { EventWriter } from '@ops/outbox';
import { outbox } from '../schema.js';

/** The user service's events, written in the caller's transaction. Accounts belong to no organization: `orgId: null`. */
export const userEvents = new EventWriter<DomainEventTypes['user']>(outbox, 'user');
