import type { z } from 'zod';
import type { endpointResponse } from '../webhook.responses.js';
import type { EndpointRow } from '../schema.js';

/** An endpoint as the API shows it. The secret appears only in the creation response. */
export function endpointView(row: EndpointRow, options: { secret?: string } = {}): z.infer<typeof endpointResponse> {
  return {
    id: row.id,
    org_id: row.orgId,
    url: row.url,
    events: row.events,
    filter: row.filter,
    ordered: row.ordered,
    send_trace_context: row.sendTraceContext,
    description: row.description,
    active: row.active,
    disabled_reason: row.disabledReason,
    /** When its current run of failed attempts began; null while it answers. */
    failing_since: row.failingSince?.toISOString() ?? null,
    max_concurrency: row.maxConcurrency,
    rate_limit_per_second: row.rateLimitPerSecond,
    ...(options.secret ? { secret: options.secret } : {}),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
