export {
  eventDefinitions,
  eventTypes,
  eventDefinition,
  isEventType,
  type EventType,
  type EventData,
  type DomainEventTypes,
} from './catalog.js';
export type { EventDefinition, EventDomain } from './define-event.js';
export { createEvent, parseEnvelope, type EventEnvelope, type NewEvent } from './envelope.js';
export { newId, newEventId } from './event-id.js';
export { subjectFor, DEFAULT_SUBJECT_PREFIX } from './subject.js';
export { catalogAsJson, catalogDocument, CATALOG_VERSION, type CatalogEntry, type CatalogDocument } from './json-schema.js';
export { eventSources, isAllowedSource, publishingSources, typesPublishedBy } from './sources.js';
export { distrust, type Rejection, type RejectionReason } from './trust.js';
export { planTiers, type PlanTier } from './fields.js';
export { renderEventsDoc } from './events-doc.js';
