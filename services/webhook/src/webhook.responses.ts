import { isoTimestamp } from '@ops/http';
import { z } from 'zod';
import { payloadFilter } from './endpoints/payload-filter.js';
import { deliveryStatuses, replayStatuses } from './schema.js';

/*
 * What the webhook API answers, in zod: the views are typed by these (a view that drifts does not compile),
 * @Returns documents them, and test/api-contract.e2e.spec.ts checks real responses against the document.
 */

const timestamp = isoTimestamp();

export const endpointResponse = z
  .object({
    id: z.string(),
    org_id: z.string().nullable(),
    url: z.string(),
    events: z.array(z.string()),
    filter: payloadFilter.nullable(),
    ordered: z.boolean(),
    /** The internal trace context goes to this endpoint (`traceparent`) only when true. */
    send_trace_context: z.boolean(),
    description: z.string(),
    active: z.boolean(),
    disabled_reason: z.string().nullable(),
    /** When its current run of failed attempts began; null while it answers. */
    failing_since: timestamp.nullable(),
    max_concurrency: z.number().int().nullable(),
    rate_limit_per_second: z.number().nullable(),
    /** Only in the creation response: the one time the signing secret is shown. */
    secret: z.string().optional(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'Endpoint' });

export const deliveryResponse = z
  .object({
    id: z.string(),
    event_id: z.string(),
    event: z.string(),
    replay_id: z.string().nullable(),
    status: z.enum(deliveryStatuses),
    attempt_count: z.number().int(),
    last_status_code: z.number().int().nullable(),
    last_latency_ms: z.number().int().nullable(),
    last_error: z.string().nullable(),
    next_attempt_at: timestamp.nullable(),
    created_at: timestamp,
    completed_at: timestamp.nullable(),
  })
  .meta({ id: 'Delivery' });

export const attemptResponse = z
  .object({
    id: z.string(),
    attempt_number: z.number().int(),
    started_at: timestamp,
    latency_ms: z.number().int(),
    status_code: z.number().int().nullable(),
    succeeded: z.boolean(),
    error: z.string().nullable(),
    response_excerpt: z.string().nullable(),
  })
  .meta({ id: 'Attempt' });

export const deliveryWithAttemptsResponse = deliveryResponse
  .extend({ attempts: z.array(attemptResponse) })
  .meta({ id: 'DeliveryWithAttempts' });

/** A delivery of one event, with the endpoint it went to (the lookup by event id). */
export const eventDeliveryResponse = deliveryResponse.extend({ endpoint_id: z.string() }).meta({ id: 'EventDelivery' });
export const eventDeliveriesResponse = z.object({ data: z.array(eventDeliveryResponse) });

const countsByStatus = z.object(
  Object.fromEntries(deliveryStatuses.map((s) => [s, z.number().int()])) as Record<(typeof deliveryStatuses)[number], z.ZodNumber>,
);

export const replayResponse = z
  .object({
    id: z.string(),
    status: z.enum(replayStatuses),
    org_id: z.string().nullable(),
    endpoint_id: z.string().nullable(),
    event_types: z.array(z.string()).nullable(),
    from_time: timestamp.nullable(),
    to_time: timestamp.nullable(),
    from_seq: z.number().int(),
    to_seq: z.number().int(),
    next_seq: z.number().int(),
    sequences_total: z.number().int(),
    sequences_done: z.number().int(),
    events_read: z.number().int(),
    events_matched: z.number().int(),
    deliveries_created: z.number().int(),
    /** Counted for one replay's view, absent from lists. */
    deliveries: countsByStatus.optional(),
    error: z.string().nullable(),
    created_by: z.string(),
    created_at: timestamp,
    updated_at: timestamp,
    completed_at: timestamp.nullable(),
  })
  .meta({ id: 'Replay' });

export const cancelledReplayResponse = replayResponse.extend({ withdrawn: z.number().int() }).meta({ id: 'CancelledReplay' });

export const secretResponse = z.object({ secret: z.string() });
export const rotatedSecretResponse = z
  .object({ secret: z.string(), previous_expires_at: timestamp.nullable() })
  .meta({ id: 'RotatedSecret' });
export const recoverResponse = z.object({ recovered: z.number().int() });

export const testEventResponse = z
  .object({
    event_id: z.string(),
    delivery_id: z.string(),
    succeeded: z.boolean(),
    status_code: z.number().int().nullable(),
    latency_ms: z.number().int().nullable(),
    error: z.string().nullable(),
    response_excerpt: z.string().nullable(),
  })
  .meta({ id: 'TestEventResult' });

export const deadLettersResponse = z
  .object({
    stream: z.string(),
    total: z.number().int(),
    data: z.array(
      z.object({
        seq: z.number().int(),
        reason: z.string(),
        detail: z.string(),
        subject: z.string(),
        stream_seq: z.number().int(),
        consumer: z.string(),
        rejected_at: timestamp,
        /** The message as published, as text (cut to 4 KiB). */
        body: z.string(),
      }),
    ),
  })
  .meta({ id: 'DeadLetters' });

export const catalogResponse = z
  .object({
    version: z.number().int(),
    revision: z.string(),
    events: z.array(
      z.object({
        type: z.string(),
        domain: z.string(),
        description: z.string(),
        sources: z.array(z.string()),
        /** JSON Schema (draft 2020-12) of the event's `data`. */
        schema: z.record(z.string(), z.unknown()),
        example: z.unknown(),
      }),
    ),
  })
  .meta({ id: 'Catalog' });

/** Attempts in a span of time: null rate and percentiles where nothing was attempted. */
const attemptFigures = z.object({
  attempts: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  success_rate: z.number().nullable(),
  latency_ms: z.object({ p50: z.number().int().nullable(), p95: z.number().int().nullable(), p99: z.number().int().nullable() }),
});

export const endpointStatsResponse = z
  .object({
    endpoint_id: z.string(),
    active: z.boolean(),
    disabled_reason: z.string().nullable(),
    failing_since: timestamp.nullable(),
    circuit: z.object({ state: z.enum(['open', 'closed']), open_until: timestamp.nullable(), rest_ms: z.number().int().nullable() }),
    last_hour: attemptFigures,
    last_day: attemptFigures,
    series: z.object({
      window: z.enum(['hour', 'day']),
      bucket_ms: z.number().int(),
      buckets: z.array(attemptFigures.extend({ start: timestamp })),
    }),
  })
  .meta({ id: 'EndpointStats' });

export const platformStatusResponse = z
  .object({
    stream: z.object({
      stream: z.string(),
      messages: z.number().int(),
      bytes: z.number().int(),
      first_seq: z.number().int(),
      last_seq: z.number().int(),
      first_time: timestamp.nullable(),
      last_time: timestamp.nullable(),
      consumers: z.array(
        z.object({
          name: z.string(),
          pending: z.number().int(),
          ack_pending: z.number().int(),
          redelivered: z.number().int(),
          waiting: z.number().int(),
          delivered_seq: z.number().int(),
        }),
      ),
    }),
    deliveries: z.object({ pending: z.number().int(), retrying: z.number().int(), in_flight: z.number().int() }),
    dead_letters: z.number().int(),
  })
  .meta({ id: 'PlatformStatus' });
