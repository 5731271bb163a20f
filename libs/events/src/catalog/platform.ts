import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { id, isoTime } from '../fields.js';

/** Events about the platform itself, sent by the webhook service. */
export const platformEvents = [
  defineEvent({
    type: 'webhook.test',
    domain: 'platform',
    description: 'A test delivery, sent on demand to one endpoint to check that it receives and verifies webhooks.',
    data: z.strictObject({ endpoint_id: id, message: z.string(), sent_at: isoTime }),
    example: { endpoint_id: 'ep_0194b8a2c3d47e5f', message: 'This is a test event from Ops Center.', sent_at: '2026-01-26T17:30:00.000Z' },
  }),
  defineEvent({
    type: 'webhook.delivery.exhausted',
    domain: 'platform',
    description: 'A delivery failed its last scheduled attempt; it can still be resent or recovered.',
    data: z.strictObject({
      delivery_id: id,
      endpoint_id: id,
      event_id: id,
      event_type: z.string(),
      attempts: z.number().int().positive(),
      last_status_code: z.number().int().nullable(),
      last_error: z.string(),
      failed_at: isoTime,
    }),
    example: {
      delivery_id: 'dlv_0194b8a2c3d47e5f',
      endpoint_id: 'ep_0194b8a2c3d47e5f',
      event_id: 'evt_0194b8a2c3d47e5f',
      event_type: 'user.created',
      attempts: 8,
      last_status_code: 503,
      last_error: 'HTTP 503',
      failed_at: '2026-01-27T21:30:00.000Z',
    },
  }),
  defineEvent({
    type: 'webhook.endpoint.disabled',
    domain: 'platform',
    description: 'The platform turned an endpoint off (410 Gone, or failing for days); its events are held until it is re-enabled.',
    data: z.strictObject({ endpoint_id: id, url: z.string(), reason: z.string(), disabled_at: isoTime }),
    example: {
      endpoint_id: 'ep_0194b8a2c3d47e5f',
      url: 'https://hooks.example.com/ops',
      reason: 'every attempt failed since 2026-01-21T17:30:00.000Z',
      disabled_at: '2026-01-26T17:30:00.000Z',
    },
  }),
] as const;
