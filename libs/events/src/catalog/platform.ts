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
] as const;
