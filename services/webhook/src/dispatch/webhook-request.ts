import { signWebhook, type WebhookHeaders } from '@ops/signing';
import type { DeliverableEvent } from '../delivery-store/index.js';

export interface WebhookRequest {
  body: string;
  headers: WebhookHeaders & { 'content-type': string; 'user-agent': string; 'webhook-replay'?: string; traceparent?: string };
}

/**
 * Prepare stage: the body of the old design (`event`, `timestamp`, `data`, `webhook_id`) plus `id`, and
 * Standard Webhooks headers. `webhook-id` is the event id, the same on every attempt, so receivers can
 * de-duplicate; `webhook-timestamp` is this attempt's time, signed afresh each time. A replayed delivery
 * keeps the event's `webhook-id` and says which replay sent it in `webhook-replay`, so that a receiver that
 * de-duplicates can choose to process it again.
 */
export function prepareRequest(
  event: Omit<DeliverableEvent, 'traceContext'>,
  endpointId: string,
  secrets: readonly string[],
  now: Date,
  replayId: string | null = null,
): WebhookRequest {
  // JSON.stringify of { id, event, timestamp, data, webhook_id }, with the data serialised once per event, not per attempt.
  const body = `{"id":${JSON.stringify(event.id)},"event":${JSON.stringify(event.type)},"timestamp":${JSON.stringify(event.time)},"data":${event.dataJson},"webhook_id":${JSON.stringify(endpointId)}}`;
  const signed = signWebhook(secrets, { msgId: event.id, timestampSeconds: Math.floor(now.getTime() / 1000), body });
  const headers = { ...signed, 'content-type': 'application/json', 'user-agent': 'ops-center-webhooks/0.1' };
  return { body, headers: replayId ? { ...headers, 'webhook-replay': replayId } : headers };
}
