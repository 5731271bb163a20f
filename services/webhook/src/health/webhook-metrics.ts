import type { Database } from '@ops/db';
import type { Rejection } from '@ops/events';
import type { JetStreamServer } from '@ops/messaging';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { countWaiting } from '../delivery-store/index.js';
import type { AttemptResult } from '../dispatch/attempt-result.js';
import type { NextStep } from '../dispatch/next-step.js';

/** What the dispatcher reports after each attempt, and ingest after each message it refused. */
export interface DeliveryMetrics {
  attempted(result: AttemptResult, next: NextStep): void;
  rejected(rejection: Rejection): void;
}

/**
 * The webhook service's series: attempts by outcome, attempt latency, rejected messages, deliveries waiting,
 * consumer backlog.
 * Gauges that need a query are read when Prometheus scrapes, not on the delivery path.
 */
export function registerWebhookMetrics(registry: Registry, sources: { database: Database; consumer: JetStreamServer }): DeliveryMetrics {
  const attempts = new Counter({
    name: 'webhook_attempts_total',
    help: 'HTTP attempts, by what the delivery became: succeeded, retrying or failed.',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'webhook_attempt_duration_seconds',
    help: 'Time from sending a webhook to reading its answer (or giving up).',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const rejected = new Counter({
    name: 'webhook_events_rejected_total',
    help: 'Messages ingest refused and kept as dead letters, by reason: malformed, type_mismatch, source_not_allowed.',
    labelNames: ['reason'],
    registers: [registry],
  });
  new Gauge({
    name: 'webhook_deliveries_waiting',
    help: 'Deliveries pending or waiting for a retry.',
    registers: [registry],
    async collect() {
      this.set(await countWaiting(sources.database));
    },
  });
  new Gauge({
    name: 'webhook_consumer_backlog',
    help: 'Events in the stream not yet acknowledged by the webhook service: its consumer lag.',
    registers: [registry],
    async collect() {
      this.set(await sources.consumer.backlog());
    },
  });
  return {
    attempted(result, next) {
      attempts.inc({ outcome: next.status });
      duration.observe(result.latencyMs / 1000);
    },
    rejected(rejection) {
      rejected.inc({ reason: rejection.reason });
    },
  };
}
