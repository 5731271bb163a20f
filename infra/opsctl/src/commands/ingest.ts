import { Option, type Command } from 'commander';
import { call } from '../api.js';
import { positiveInteger, type Cli } from '../cli.js';
import { print } from '../print.js';
import { streamStatus } from '../stream-status.js';

/** `stream` (read from NATS directly), `dead-letters`, `events` (the catalog): what comes in. */
export function ingestCommands(program: Command, cli: Cli): void {
  program
    .command('stream')
    .description('the EVENTS stream and its consumers: messages, lag, redeliveries')
    .addOption(new Option('--nats <url>').env('NATS_URL').default('nats://127.0.0.1:4222'))
    .addOption(new Option('--stream <name>').env('EVENTS_STREAM').default('EVENTS'))
    .addOption(new Option('--nats-user <user>', "the operators' NATS user (`ops` in .data/nats/credentials.json)").env('NATS_USER'))
    .addOption(new Option('--nats-password <password>').env('NATS_PASSWORD'))
    .action(async (o: { nats: string; stream: string; natsUser?: string; natsPassword?: string }) => {
      const status = await streamStatus(
        o.nats,
        o.stream,
        o.natsUser && o.natsPassword ? { user: o.natsUser, password: o.natsPassword } : undefined,
      );
      if (cli.json()) return print(status, { json: true });
      const { consumers, ...stream } = status;
      print([stream], { columns: ['stream', 'messages', 'bytes', 'first_seq', 'last_seq', 'last_time'] });
      process.stdout.write('\n');
      print(consumers, { columns: ['name', 'pending', 'ack_pending', 'redelivered', 'waiting', 'delivered_seq'] });
    });

  program
    .command('dead-letters')
    .description('messages ingest refused (malformed, type and subject disagree, source not allowed), newest first')
    .addOption(new Option('--limit <n>', 'how many (at most 500)').argParser(positiveInteger('--limit')).default(50))
    .action(async (o: { limit: number }) => {
      const list = await call(cli.client().GET('/api/v1/webhooks/dead-letters', { params: { query: { limit: o.limit } } }));
      if (cli.json()) return print(list, { json: true });
      process.stdout.write(`${list.total} dead letters\n`);
      print(list.data, { columns: ['seq', 'rejected_at', 'reason', 'subject', 'stream_seq', 'detail'] });
    });

  program
    .command('events')
    .description('the event catalog: every type an endpoint can subscribe to, who publishes it, what it means')
    .action(async () => {
      const catalog = await call(cli.client().GET('/api/v1/webhooks/events/available'));
      if (cli.json()) return print(catalog, { json: true });
      process.stdout.write(`catalog version ${catalog.version} (revision ${catalog.revision}), ${catalog.events.length} types\n`);
      print(
        catalog.events.map((e) => ({ ...e, sources: e.sources.join(',') })),
        { columns: ['type', 'sources', 'description'] },
      );
    });
}
