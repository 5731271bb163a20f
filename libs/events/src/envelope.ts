import { z } from 'zod';
import { eventDefinition, isEventType, type EventData, type EventType } from './catalog.js';
import { newEventId } from './event-id.js';
import { isoTime } from './fields.js';

interface EnvelopeFields {
  /** `evt_<uuidv7>`: unique, time-sortable; also the JetStream Nats-Msg-Id. */
  id: string;
  /** The service that owns the data, e.g. `user`. */
  source: string;
  /** When it happened, ISO 8601 UTC. */
  time: string;
  /** The organization it belongs to; null for platform-level events (a user's own account). */
  org_id: string | null;
}

/**
 * What travels on JetStream and what the webhook service stores: one business fact.
 * Without a type argument, the union of all the catalog's envelopes, discriminated by `type`.
 */
export type EventEnvelope<T extends EventType = EventType> = T extends EventType ? EnvelopeFields & { type: T; data: EventData<T> } : never;

const envelopeSchema = z.strictObject({
  id: z.string().min(1),
  type: z.string().refine(isEventType, { message: 'unknown event type' }),
  source: z.string().min(1),
  time: isoTime,
  org_id: z.string().min(1).nullable(),
  data: z.record(z.string(), z.unknown()),
});

export interface NewEvent<T extends EventType> {
  type: T;
  source: string;
  orgId: string | null;
  data: EventData<T>;
  /** Defaults to now; passed in by code that has its own clock. */
  time?: Date;
}

/** Builds an envelope, validating `data` against the catalog so that a producer bug fails at the source. */
export function createEvent<T extends EventType>(event: NewEvent<T>): EventEnvelope<T> {
  const data = eventDefinition(event.type).data.parse(event.data) as EventData<T>;
  return {
    id: newEventId(),
    type: event.type,
    source: event.source,
    time: (event.time ?? new Date()).toISOString(),
    org_id: event.orgId,
    data,
  } as EventEnvelope<T>;
}

/** Parses an envelope received from the stream; throws a ZodError naming the bad field. */
export function parseEnvelope(raw: unknown): EventEnvelope {
  const envelope = envelopeSchema.parse(raw) as EventEnvelope;
  eventDefinition(envelope.type).data.parse(envelope.data);
  return envelope;
}
