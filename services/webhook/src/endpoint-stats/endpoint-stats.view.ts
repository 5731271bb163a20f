import type { z } from 'zod';
import type { AttemptSummary } from '../delivery-store/index.js';
import type { endpointStatsResponse } from '../webhook.responses.js';
import type { EndpointStats } from './endpoint-stats.service.js';

function summaryView(s: AttemptSummary) {
  return {
    attempts: s.attempts,
    succeeded: s.succeeded,
    failed: s.failed,
    /** null when nothing was attempted: no rate, rather than a made-up 0 or 1. */
    success_rate: s.attempts === 0 ? null : s.succeeded / s.attempts,
    latency_ms: { p50: s.p50Ms, p95: s.p95Ms, p99: s.p99Ms },
  };
}

/** `GET /api/v1/webhooks/{id}/stats` as the API shows it. */
export function endpointStatsView(stats: EndpointStats): z.infer<typeof endpointStatsResponse> {
  return {
    endpoint_id: stats.endpoint.id,
    active: stats.endpoint.active,
    disabled_reason: stats.endpoint.disabledReason,
    failing_since: stats.endpoint.failingSince?.toISOString() ?? null,
    circuit: stats.circuit
      ? { state: 'open' as const, open_until: stats.circuit.openUntil.toISOString(), rest_ms: stats.circuit.openMs }
      : { state: 'closed' as const, open_until: null, rest_ms: null },
    last_hour: summaryView(stats.lastHour),
    last_day: summaryView(stats.lastDay),
    series: {
      window: stats.series.window,
      bucket_ms: stats.series.bucketMs,
      buckets: stats.series.buckets.map((b) => ({ start: b.start.toISOString(), ...summaryView(b) })),
    },
  };
}
