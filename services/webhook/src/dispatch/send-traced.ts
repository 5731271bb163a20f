import { currentTraceparent, inSpan, SpanKind, SpanStatusCode } from '@ops/tracing';
import type { ClaimedDelivery } from '../delivery-store/index.js';
import type { KnownEndpoint } from '../endpoints/endpoint-directory.js';
import type { AttemptResult } from './attempt-result.js';
import type { Sender } from './send-request.js';
import type { WebhookRequest } from './webhook-request.js';

/**
 * The send stage as one span per attempt, child of the event's ingest, with the endpoint, the webhook-id,
 * the attempt number and the status code. The request carries the span's `traceparent` only to an endpoint
 * that opted in (`send_trace_context`): our trace ids are internal and are not handed to receivers otherwise.
 */
export function sendTraced(
  sender: Sender,
  endpoint: KnownEndpoint,
  delivery: ClaimedDelivery,
  attemptNumber: number,
  prepare: () => WebhookRequest,
): Promise<AttemptResult> {
  const attributes = {
    'webhook.endpoint.id': endpoint.id,
    'webhook.id': delivery.event.id,
    'webhook.delivery.id': delivery.deliveryId,
    'webhook.attempt': attemptNumber,
    'event.type': delivery.event.type,
  };
  return inSpan(
    'webhook',
    `webhook attempt ${delivery.event.type}`,
    { kind: SpanKind.CLIENT, parent: delivery.event.traceContext, attributes },
    async (span) => {
      const request = prepare();
      const traceparent = endpoint.sendTraceContext ? currentTraceparent() : null;
      const result = await sender.send(endpoint.url, traceparent ? { ...request, headers: { ...request.headers, traceparent } } : request);
      if (result.statusCode !== null) span.setAttribute('http.response.status_code', result.statusCode);
      if (!result.ok) span.setStatus({ code: SpanStatusCode.ERROR, message: result.error ?? 'failed' });
      return result;
    },
  );
}
