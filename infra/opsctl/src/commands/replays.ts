import { Option, type Command } from 'commander';
import { call } from '../api.js';
import { listOptions, positiveInteger, type Cli, type ListOptions } from '../cli.js';
import { collect } from '../pages.js';
import { print } from '../print.js';
import { replaySummary, watchReplay, type Replay } from '../replay.js';

const sequence = positiveInteger('a stream sequence');

/** `replay start|watch|resume|pause|cancel|status|list`: re-deliver events from the stream. */
export function replayCommands(program: Command, cli: Cli): void {
  /** Follows a replay to its end (or Ctrl-C, which pauses it) and prints how it went. */
  async function follow(id: string, onWatching?: () => void): Promise<void> {
    const { replay, interrupted, seconds } = await watchReplay(cli.client(), id, onWatching);
    if (cli.json()) print(replay, { json: true });
    else process.stdout.write(replaySummary(replay, seconds));
    if (interrupted) process.exitCode = 130;
    else if (replay.status === 'failed') process.exitCode = 1;
  }
  const show = (replay: Replay): void => {
    if (cli.json()) print(replay, { json: true });
    else process.stdout.write(replaySummary(replay));
  };
  const path = (id: string) => ({ params: { path: { id } } });

  const replay = program.command('replay').description('re-deliver events straight from the stream, by time or sequence range');
  replay
    .command('start')
    .description('start a replay and follow it with a progress bar; Ctrl-C pauses it (resume it later)')
    .option('--from <time>', 'ISO 8601: events the stream stored from this time on')
    .option('--to <time>', 'ISO 8601: up to this time (default: the newest event now)')
    .addOption(new Option('--from-seq <n>', 'or a sequence range: from this stream sequence').argParser(sequence))
    .addOption(new Option('--to-seq <n>', 'up to this stream sequence').argParser(sequence))
    .option('--type <types...>', 'only these event types or families (user.created, user.*)')
    .option('--endpoint <id>', 'to this endpoint (default: every endpoint the events match)')
    .option('--org <org_id>', 'to every matching endpoint of this organization')
    .option('--detach', 'start it and return without following it')
    .action(
      async (o: {
        from?: string;
        to?: string;
        fromSeq?: number;
        toSeq?: number;
        type?: string[];
        endpoint?: string;
        org?: string;
        detach?: boolean;
      }) => {
        const body = {
          from_time: o.from,
          to_time: o.to,
          from_seq: o.fromSeq,
          to_seq: o.toSeq,
          event_types: o.type,
          endpoint_id: o.endpoint,
          org_id: o.org,
        };
        const started = await call(cli.client().POST('/api/v1/webhooks/replays', { body }));
        const announce = () =>
          process.stdout.write(`replay ${started.id} started: stream sequences ${started.from_seq}-${started.to_seq}\n`);
        if (!o.detach) return follow(started.id, announce);
        if (cli.json()) print(started, { json: true });
        else announce();
      },
    );
  replay
    .command('watch <id>')
    .description('follow a running replay; Ctrl-C pauses it')
    .action((id: string) => follow(id));
  replay
    .command('resume <id>')
    .description('resume a paused replay where it stopped, and follow it')
    .action(async (id: string) => {
      await call(cli.client().POST('/api/v1/webhooks/replays/{id}/resume', path(id)));
      await follow(id);
    });
  replay
    .command('pause <id>')
    .description('pause a replay: it stops reading; what it already created is still sent')
    .action(async (id: string) => show(await call(cli.client().POST('/api/v1/webhooks/replays/{id}/pause', path(id)))));
  replay
    .command('cancel <id>')
    .description('stop a replay for good and withdraw its deliveries not attempted yet')
    .action(async (id: string) => show(await call(cli.client().POST('/api/v1/webhooks/replays/{id}/cancel', path(id)))));
  replay
    .command('status <id>')
    .description('how far a replay got and how its deliveries stand')
    .action(async (id: string) => show(await call(cli.client().GET('/api/v1/webhooks/replays/{id}', path(id)))));
  listOptions(replay.command('list').description('replays, newest first'), 20).action(async (o: ListOptions) => {
    const rows = await collect(
      (before, limit) => call(cli.client().GET('/api/v1/webhooks/replays', { params: { query: { limit, before } } })),
      o,
    );
    print(rows, {
      json: cli.json(),
      columns: ['id', 'status', 'endpoint_id', 'org_id', 'from_seq', 'to_seq', 'sequences_done', 'deliveries_created', 'created_at'],
    });
  });
}
