#!/usr/bin/env node
import { Command, Option } from 'commander';
import { ApiCallError, ApiClient } from './api-client.js';
import { print } from './print.js';
import { streamStatus } from './stream-status.js';

/**
 * opsctl: the operator's view of the platform. API commands go through the gateway (OPS_API, default
 * http://127.0.0.1:8084) with a platform admin's or an organization admin's token (OPS_TOKEN, or `opsctl login`);
 * `stream` reads NATS directly (NATS_URL).
 */
// Piped into `head`: the reader left, which is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => process.exit(err.code === 'EPIPE' ? 0 : 1));

const program = new Command('opsctl').description('Operate the Ops Center event platform.').showHelpAfterError();
program
  .addOption(new Option('--api <url>', 'the gateway').env('OPS_API').default('http://127.0.0.1:8084'))
  .addOption(new Option('--token <token>', 'an access token').env('OPS_TOKEN'))
  .option('--json', 'print JSON instead of columns');

const client = () => new ApiClient(program.opts().api, program.opts().token);
const json = () => Boolean(program.opts().json);

program
  .command('login')
  .description('log in and print the export line for OPS_TOKEN')
  .requiredOption('--email <email>')
  .requiredOption('--password <password>')
  .action(async (o: { email: string; password: string }) => {
    const res = await client().call<{ access_token: string }>('POST', '/auth/login/password', { email: o.email, password: o.password });
    process.stdout.write(`export OPS_TOKEN=${res.access_token}\n`);
  });

program
  .command('stream')
  .description('the EVENTS stream and its consumers: messages, lag, redeliveries')
  .addOption(new Option('--nats <url>').env('NATS_URL').default('nats://127.0.0.1:4222'))
  .addOption(new Option('--stream <name>').env('EVENTS_STREAM').default('EVENTS'))
  .action(async (o: { nats: string; stream: string }) => {
    const status = await streamStatus(o.nats, o.stream);
    if (json()) return print(status, { json: true });
    const { consumers, ...stream } = status;
    print([stream], { columns: ['stream', 'messages', 'bytes', 'first_seq', 'last_seq', 'last_time'] });
    process.stdout.write('\n');
    print(consumers, { columns: ['name', 'pending', 'ack_pending', 'redelivered', 'waiting', 'delivered_seq'] });
  });

program
  .command('endpoints')
  .description('endpoints and their health')
  .option('--org <org_id>')
  .action(async (o: { org?: string }) => {
    const page = await client().call<{ data: Array<Record<string, unknown>> }>('GET', `/api/v1/webhooks?limit=100${o.org ? `&org_id=${encodeURIComponent(o.org)}` : ''}`);
    print(page.data, { json: json(), columns: ['id', 'org_id', 'url', 'active', 'disabled_reason', 'events'] });
  });

program
  .command('deliveries <endpoint>')
  .description('an endpoint\'s deliveries, newest first')
  .addOption(new Option('--status <status>').choices(['pending', 'in_flight', 'retrying', 'succeeded', 'failed']))
  .option('--limit <n>', 'how many', '50')
  .action(async (endpoint: string, o: { status?: string; limit: string }) => {
    const query = new URLSearchParams({ limit: o.limit, ...(o.status && { status: o.status }) });
    const page = await client().call<{ data: Array<Record<string, unknown>> }>('GET', `/api/v1/webhooks/${encodeURIComponent(endpoint)}/deliveries?${query}`);
    print(page.data, { json: json(), columns: ['id', 'event', 'status', 'attempt_count', 'last_status_code', 'last_latency_ms', 'last_error', 'created_at'] });
  });

program
  .command('attempts <endpoint> <delivery>')
  .description('every attempt of one delivery')
  .action(async (endpoint: string, delivery: string) => {
    const detail = await client().call<{ attempts: Array<Record<string, unknown>> }>('GET', `/api/v1/webhooks/${encodeURIComponent(endpoint)}/deliveries/${encodeURIComponent(delivery)}`);
    print(json() ? detail : detail.attempts, { json: json(), columns: ['attempt_number', 'started_at', 'status_code', 'latency_ms', 'succeeded', 'error'] });
  });

program
  .command('resend <endpoint> <delivery>')
  .description('send one delivery again now')
  .action(async (endpoint: string, delivery: string) => {
    print(await client().call('POST', `/api/v1/webhooks/${encodeURIComponent(endpoint)}/deliveries/${encodeURIComponent(delivery)}/resend`), { json: true });
  });

program
  .command('recover <endpoint>')
  .description('send again every failed delivery of an endpoint since a time')
  .requiredOption('--since <time>', 'ISO 8601, e.g. 2026-11-28T00:00:00Z')
  .option('--until <time>', 'ISO 8601; default now')
  .action(async (endpoint: string, o: { since: string; until?: string }) => {
    print(await client().call('POST', `/api/v1/webhooks/${encodeURIComponent(endpoint)}/recover`, o), { json: true });
  });

for (const [name, active] of [
  ['enable', true],
  ['disable', false],
] as const) {
  program
    .command(`${name} <endpoint>`)
    .description(`${name} an endpoint${active ? ' (events held while the platform had it disabled are then sent)' : ''}`)
    .action(async (endpoint: string) => {
      const res = await client().call<Record<string, unknown>>('PATCH', `/api/v1/webhooks/${encodeURIComponent(endpoint)}`, { active });
      print([res], { json: json(), columns: ['id', 'url', 'active', 'disabled_reason'] });
    });
}

try {
  await program.parseAsync();
} catch (err) {
  const message = err instanceof ApiCallError ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
  process.stderr.write(`opsctl: ${message}\n`);
  process.exit(1);
}
