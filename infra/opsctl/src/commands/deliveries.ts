import { Option, type Command } from 'commander';
import { call } from '../api.js';
import { listOptions, type Cli, type ListOptions } from '../cli.js';
import { collect } from '../pages.js';
import { print } from '../print.js';

const deliveryStatuses = ['pending', 'in_flight', 'retrying', 'succeeded', 'failed'] as const;
type DeliveryStatus = (typeof deliveryStatuses)[number];

/** `deliveries`, `attempts`, `event <id>`, `resend`, `recover`: what became of events, and sending them again. */
export function deliveryCommands(program: Command, cli: Cli): void {
  listOptions(
    program
      .command('deliveries <endpoint>')
      .description("an endpoint's deliveries, newest first")
      .addOption(new Option('--status <status>').choices(deliveryStatuses)),
  ).action(async (id: string, o: ListOptions & { status?: DeliveryStatus }) => {
    const rows = await collect(
      (before, limit) =>
        call(
          cli.client().GET('/api/v1/webhooks/{id}/deliveries', { params: { path: { id }, query: { limit, before, status: o.status } } }),
        ),
      o,
    );
    print(rows, {
      json: cli.json(),
      columns: ['id', 'event', 'status', 'attempt_count', 'last_status_code', 'last_latency_ms', 'last_error', 'created_at'],
    });
  });

  program
    .command('attempts <endpoint> <delivery>')
    .description('every attempt of one delivery')
    .action(async (id: string, deliveryId: string) => {
      const detail = await call(
        cli.client().GET('/api/v1/webhooks/{id}/deliveries/{deliveryId}', { params: { path: { id, deliveryId } } }),
      );
      print(cli.json() ? detail : detail.attempts, {
        json: cli.json(),
        columns: ['attempt_number', 'started_at', 'status_code', 'latency_ms', 'succeeded', 'error'],
      });
    });

  program
    .command('event <event_id>')
    .description('what became of one event: its delivery to each endpoint you may see')
    .action(async (eventId: string) => {
      const found = await call(cli.client().GET('/api/v1/webhooks/events/{eventId}/deliveries', { params: { path: { eventId } } }));
      print(found.data, {
        json: cli.json(),
        columns: ['endpoint_id', 'id', 'event', 'status', 'attempt_count', 'last_status_code', 'last_error', 'next_attempt_at'],
      });
    });

  program
    .command('resend <endpoint> <delivery>')
    .description('send one delivery again now')
    .action(async (id: string, deliveryId: string) => {
      const requeued = await call(
        cli.client().POST('/api/v1/webhooks/{id}/deliveries/{deliveryId}/resend', { params: { path: { id, deliveryId } } }),
      );
      print(cli.json() ? requeued : [requeued], {
        json: cli.json(),
        columns: ['id', 'event', 'status', 'attempt_count', 'next_attempt_at'],
      });
    });

  program
    .command('recover <endpoint>')
    .description('send again every failed delivery of an endpoint since a time')
    .requiredOption('--since <time>', 'ISO 8601, e.g. 2026-11-28T00:00:00Z')
    .option('--until <time>', 'ISO 8601; default now')
    .action(async (id: string, o: { since: string; until?: string }) => {
      const result = await call(cli.client().POST('/api/v1/webhooks/{id}/recover', { params: { path: { id } }, body: o }));
      if (cli.json()) print(result, { json: true });
      else process.stdout.write(`${result.recovered} failed deliveries of ${id} queued to be sent again\n`);
    });
}
