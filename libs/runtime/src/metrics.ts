import { Controller, Get, Header, Inject } from '@nestjs/common';
import { Public } from '@ops/http';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { QuietRequestLog } from '@ops/http';
import type { OutboxRelay } from '@ops/outbox';

export const METRICS = Symbol('METRICS');

/**
 * One Prometheus registry per service (not the global one: in the all-in-one process several services share
 * a process), with the service's name on every series. Process metrics come with it.
 */
export function createMetrics(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** Outbox lag, read when scraped: how many events wait to be published, and for how long the oldest has. */
export function registerOutboxMetrics(registry: Registry, relay: OutboxRelay): void {
  let lag: Promise<{ pending: number; oldestAgeMs: number }> | undefined;
  // Both gauges are read in one scrape: one query serves them.
  const read = () => (lag ??= relay.lag().finally(() => setTimeout(() => (lag = undefined), 100)));
  new Gauge({
    name: 'outbox_pending_events',
    help: 'Events committed but not yet published to JetStream.',
    registers: [registry],
    async collect() {
      this.set((await read()).pending);
    },
  });
  new Gauge({
    name: 'outbox_oldest_pending_seconds',
    help: 'Age of the oldest unpublished event; grows while NATS is unreachable.',
    registers: [registry],
    async collect() {
      this.set((await read()).oldestAgeMs / 1000);
    },
  });
}

/** `GET /metrics` in the Prometheus text format. Public, like /health: expose it on an internal network only. */
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS) private readonly registry: Registry) {}

  @QuietRequestLog()
  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
