export { Publisher, type PublisherOptions, type EventInput } from './publisher.js';
export { Outbox, type OutboxOptions } from './outbox.js';
export { NotAllowedError } from './errors.js';
export { connectDatabase, type Database, type Executor } from '@ops/db';
export {
  catalogDocument,
  eventDefinition,
  eventSources,
  eventTypes,
  typesPublishedBy,
  type EventData,
  type EventEnvelope,
  type EventType,
} from '@ops/events';
