#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import { ApiCallError, ApiClient } from './api-client.js';
import { print } from './print.js';
import { replaySummary, watchReplay, type Replay } from './replay.js';
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
  .addOption(new Option('--nats-user <user>', 'the operators\' NATS user (`ops` in .data/nats/credentials.json)').env('NATS_USER'))
  .addOption(new Option('--nats-password <password>').env('NATS_PASSWORD'))
  .action(async (o: { nats: string; stream: string; natsUser?: string; natsPassword?: string }) => {
    const status = await streamStatus(o.nats, o.stream, o.natsUser && o.natsPassword ? { user: o.natsUser, password: o.natsPassword } : undefined);
    if (json()) return print(status, { json: true });
    const { consumers, ...stream } = status;
    print([stream], { columns: ['stream', 'messages', 'bytes', 'first_seq', 'last_seq', 'last_time'] });
    process.stdout.write('\n');
    print(consumers, { columns: ['name', 'pending', 'ack_pending', 'redelivered', 'waiting', 'delivered_seq'] });
  });

program
  .command('dead-letters')
  .description('messages ingest refused (malformed, type and subject disagree, source not allowed), newest first')
  .option('--limit <n>', 'how many', '50')
  .action(async (o: { limit: string }) => {
    const list = await client().call<{ total: number; data: Array<Record<string, unknown>> }>('GET', `/api/v1/webhooks/dead-letters?limit=${encodeURIComponent(o.limit)}`);
    if (json()) return print(list, { json: true });
    process.stdout.write(`${list.total} dead letters\n`);
    print(list.data, { columns: ['seq', 'rejected_at', 'reason', 'subject', 'stream_seq', 'detail'] });
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

const positiveInteger = (value: string): number => {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError('a stream sequence: a whole number from 1');
  return Number(value);
};

/** Follows a replay to its end (or Ctrl-C, which pauses it) and prints how it went. */
async function follow(id: string, onWatching?: () => void): Promise<void> {
  const { replay, interrupted, seconds } = await watchReplay(client(), id, onWatching);
  if (json()) print(replay, { json: true });
  else process.stdout.write(replaySummary(replay, seconds));
  if (interrupted) process.exitCode = 130;
  else if (replay.status === 'failed') process.exitCode = 1;
}

const replay = program.command('replay').description('re-deliver events straight from the stream, by time or sequence range');
replay
  .command('start')
  .description('start a replay and follow it with a progress bar; Ctrl-C pauses it (resume it later)')
  .option('--from <time>', 'ISO 8601: events the stream stored from this time on')
  .option('--to <time>', 'ISO 8601: up to this time (default: the newest event now)')
  .addOption(new Option('--from-seq <n>', 'or a sequence range: from this stream sequence').argParser(positiveInteger))
  .addOption(new Option('--to-seq <n>', 'up to this stream sequence').argParser(positiveInteger))
  .option('--type <types...>', 'only these event types or families (user.created, user.*)')
  .option('--endpoint <id>', 'to this endpoint (default: every endpoint the events match)')
  .option('--org <org_id>', 'to every matching endpoint of this organization')
  .option('--detach', 'start it and return without following it')
  .action(async (o: { from?: string; to?: string; fromSeq?: number; toSeq?: number; type?: string[]; endpoint?: string; org?: string; detach?: boolean }) => {
    const started = await client().call<Replay>('POST', '/api/v1/webhooks/replays', {
      from_time: o.from, to_time: o.to, from_seq: o.fromSeq, to_seq: o.toSeq, event_types: o.type, endpoint_id: o.endpoint, org_id: o.org,
    });
    const announce = () => process.stdout.write(`replay ${started.id} started: stream sequences ${started.from_seq}-${started.to_seq}\n`);
    if (o.detach) announce();
    else await follow(started.id, announce);
  });
replay
  .command('watch <id>')
  .description('follow a running replay; Ctrl-C pauses it')
  .action((id: string) => follow(id));
replay
  .command('resume <id>')
  .description('resume a paused replay where it stopped, and follow it')
  .action(async (id: string) => {
    await client().call('POST', `/api/v1/webhooks/replays/${encodeURIComponent(id)}/resume`);
    await follow(id);
  });
for (const [name, description] of [
  ['pause', 'pause a replay: it stops reading; what it already created is still sent'],
  ['cancel', 'stop a replay for good and withdraw its deliveries not attempted yet'],
  ['status', 'how far a replay got and how its deliveries stand'],
] as const) {
  replay
    .command(`${name} <id>`)
    .description(description)
    .action(async (id: string) => {
      const path = `/api/v1/webhooks/replays/${encodeURIComponent(id)}`;
      const result = await client().call<Replay>(name === 'status' ? 'GET' : 'POST', name === 'status' ? path : `${path}/${name}`);
      if (json()) print(result, { json: true });
      else process.stdout.write(replaySummary(result));
    });
}
replay
  .command('list')
  .description('replays, newest first')
  .action(async () => {
    const page = await client().call<{ data: Array<Record<string, unknown>> }>('GET', '/api/v1/webhooks/replays?limit=100');
    print(page.data, { json: json(), columns: ['id', 'status', 'endpoint_id', 'org_id', 'from_seq', 'to_seq', 'sequences_done', 'deliveries_created', 'created_at'] });
  });

const publishingServices = ['user', 'org', 'subscription', 'device', 'webhook'] as const;
const outbox = program.command('outbox').description("each service's outbox: find events the stream acknowledged and lost, publish again");
outbox
  .command('verify')
  .description('check that the stream still holds what each service published recently; lost events are published again')
  .addOption(new Option('--service <name...>', 'only these services').choices(publishingServices))
  .action(async (o: { service?: string[] }) => {
    const results = [];
    for (const service of o.service ?? publishingServices) {
      results.push(await client().call<Record<string, unknown>>('POST', `/api/v1/admin/outbox/${service}/verify`));
    }
    print(results, { json: json(), columns: ['service', 'checked', 'lost'] });
  });
outbox
  .command('republish')
  .description("publish again every event a service published since a time (JetStream and consumers drop repeats)")
  .addOption(new Option('--service <name>').choices(publishingServices).makeOptionMandatory())
  .requiredOption('--since <time>', 'ISO 8601, e.g. 2026-12-02T10:00:00Z')
  .action(async (o: { service: string; since: string }) => {
    const result = await client().call<Record<string, unknown>>('POST', `/api/v1/admin/outbox/${o.service}/republish`, { since: o.since });
    print([result], { json: json(), columns: ['service', 'republished'] });
  });

try {
  await program.parseAsync();
} catch (err) {
  const message = err instanceof ApiCallError ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
  process.stderr.write(`opsctl: ${message}\n`);
  process.exit(1);
}
