import { Option, type Command } from 'commander';
import { call } from '../api.js';
import type { Cli } from '../cli.js';
import { print } from '../print.js';

const publishingServices = ['user', 'org', 'subscription', 'device', 'webhook'] as const;
type PublishingService = (typeof publishingServices)[number];

/** `outbox verify|republish`: each service's outbox against the stream. */
export function outboxCommands(program: Command, cli: Cli): void {
  const outbox = program
    .command('outbox')
    .description("each service's outbox: find events the stream acknowledged and lost, publish again");
  outbox
    .command('verify')
    .description('check that the stream still holds what each service published recently; lost events are published again')
    .addOption(new Option('--service <name...>', 'only these services').choices(publishingServices))
    .action(async (o: { service?: PublishingService[] }) => {
      const results = [];
      for (const service of o.service ?? publishingServices) {
        results.push(await call(cli.client().POST(`/api/v1/admin/outbox/${service}/verify`)));
      }
      print(results, { json: cli.json(), columns: ['service', 'checked', 'lost'] });
    });
  outbox
    .command('republish')
    .description('publish again every event a service published since a time (JetStream and consumers drop repeats)')
    .addOption(new Option('--service <name>').choices(publishingServices).makeOptionMandatory())
    .requiredOption('--since <time>', 'ISO 8601, e.g. 2026-12-02T10:00:00Z')
    .action(async (o: { service: PublishingService; since: string }) => {
      const result = await call(cli.client().POST(`/api/v1/admin/outbox/${o.service}/republish`, { body: { since: o.since } }));
      print([result], { json: cli.json(), columns: ['service', 'republished'] });
    });
}
