import { Option, type Command } from 'commander';
import { call } from '../api.js';
import { listOptions, positiveInteger, type Cli, type ListOptions } from '../cli.js';
import { collect } from '../pages.js';
import { print } from '../print.js';

const endpointColumns = ['id', 'org_id', 'url', 'active', 'disabled_reason', 'events'];

/** A payload filter given as JSON on the command line (docs/api.md, "Filters"); `null` removes it. */
const filterJson = (value: string) => {
  try {
    return JSON.parse(value) as never;
  } catch {
    throw new Error(`--filter: not JSON: ${value}`);
  }
};

const positiveNumber = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--rate-limit: a number above 0, not ${value}`);
  return n;
};

/** The options `endpoint create` and `endpoint update` share, read into the request's fields. */
function endpointFields(command: Command): Command {
  return command
    .option('--url <url>', 'where to POST events (https)')
    .option('--event <types...>', 'event types or families to subscribe to (user.created, user.*, *)')
    .option('--description <text>')
    .option('--filter <json>', 'conditions on the event, as JSON (docs/api.md); `null` removes them')
    .addOption(new Option('--max-concurrency <n>', 'requests in flight to it at most').argParser(positiveInteger('--max-concurrency')))
    .addOption(new Option('--rate-limit <per-second>', 'requests per second at most').argParser(positiveNumber))
    .option('--ordered', 'deliver in stream order, one at a time');
}

interface FieldOptions {
  url?: string;
  event?: string[];
  description?: string;
  filter?: string;
  maxConcurrency?: number;
  rateLimit?: number;
  ordered?: boolean;
}

const fields = (o: FieldOptions) => ({
  ...(o.url !== undefined && { url: o.url }),
  ...(o.event !== undefined && { events: o.event }),
  ...(o.description !== undefined && { description: o.description }),
  ...(o.filter !== undefined && { filter: filterJson(o.filter) }),
  ...(o.maxConcurrency !== undefined && { max_concurrency: o.maxConcurrency }),
  ...(o.rateLimit !== undefined && { rate_limit_per_second: o.rateLimit }),
  ...(o.ordered !== undefined && { ordered: o.ordered }),
});

const path = (id: string) => ({ params: { path: { id } } });

/** `endpoints` (the list), `endpoint create|get|update|delete|test`, `enable`, `disable`, `secret rotate`. */
export function endpointCommands(program: Command, cli: Cli): void {
  listOptions(program.command('endpoints').description('endpoints and their health').option('--org <org_id>')).action(
    async (o: ListOptions & { org?: string }) => {
      const rows = await collect(
        (after, limit) => call(cli.client().GET('/api/v1/webhooks', { params: { query: { limit, after, org_id: o.org } } })),
        o,
      );
      print(rows, { json: cli.json(), columns: endpointColumns });
    },
  );

  const endpoint = program.command('endpoint').description('create, show, change, delete or test one endpoint');
  endpointFields(endpoint.command('create').description('create an endpoint; its signing secret is shown this once'))
    .option('--org <org_id>', 'the organization that owns it (platform admins may omit it: a platform endpoint)')
    .option('--inactive', 'create it turned off')
    .action(async (o: FieldOptions & { org?: string; inactive?: boolean }) => {
      if (!o.url || !o.event) throw new Error('endpoint create needs --url and --event');
      const body = { ...fields(o), url: o.url, events: o.event, ...(o.org && { org_id: o.org }), ...(o.inactive && { active: false }) };
      const created = await call(cli.client().POST('/api/v1/webhooks', { body }));
      print(cli.json() ? created : [created], { json: cli.json(), columns: ['id', 'url', 'events', 'active', 'secret'] });
    });
  endpoint
    .command('get <id>')
    .description('one endpoint')
    .action(async (id: string) => {
      const found = await call(cli.client().GET('/api/v1/webhooks/{id}', path(id)));
      print(cli.json() ? found : [found], {
        json: cli.json(),
        columns: [...endpointColumns, 'filter', 'ordered', 'max_concurrency', 'rate_limit_per_second'],
      });
    });
  endpointFields(endpoint.command('update <id>').description('change the fields given, keep the others')).action(
    async (id: string, o: FieldOptions) => {
      const body = fields(o);
      if (Object.keys(body).length === 0) throw new Error('endpoint update: give at least one field to change');
      const updated = await call(cli.client().PATCH('/api/v1/webhooks/{id}', { ...path(id), body }));
      print(cli.json() ? updated : [updated], { json: cli.json(), columns: endpointColumns });
    },
  );
  endpoint
    .command('delete <id>')
    .description('delete an endpoint, its deliveries and its secrets')
    .action(async (id: string) => {
      await call(cli.client().DELETE('/api/v1/webhooks/{id}', path(id)));
      if (cli.json()) print({ id, deleted: true }, { json: true });
      else process.stdout.write(`endpoint ${id} deleted\n`);
    });
  endpoint
    .command('test <id>')
    .description('send it a signed webhook.test now and show what it answered')
    .action(async (id: string) => {
      const result = await call(cli.client().POST('/api/v1/webhooks/{id}/test', path(id)));
      print(cli.json() ? result : [result], {
        json: cli.json(),
        columns: ['succeeded', 'status_code', 'latency_ms', 'error', 'event_id', 'delivery_id'],
      });
      if (!result.succeeded) process.exitCode = 1;
    });

  for (const [name, active] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    program
      .command(`${name} <endpoint>`)
      .description(`${name} an endpoint${active ? ' (events held while the platform had it disabled are then sent)' : ''}`)
      .action(async (id: string) => {
        const updated = await call(cli.client().PATCH('/api/v1/webhooks/{id}', { ...path(id), body: { active } }));
        print(cli.json() ? updated : [updated], { json: cli.json(), columns: ['id', 'url', 'active', 'disabled_reason'] });
      });
  }

  program
    .command('secret')
    .description("an endpoint's signing secret")
    .command('rotate <endpoint>')
    .description('a new signing secret; the previous one keeps signing beside it for the overlap')
    .addOption(
      new Option('--overlap <seconds>', 'how long the previous secret keeps signing (default 24 h, at most 7 days)').argParser((v) =>
        v === '0' ? 0 : positiveInteger('--overlap')(v),
      ),
    )
    .action(async (id: string, o: { overlap?: number }) => {
      const rotated = await call(
        cli.client().POST('/api/v1/webhooks/{id}/secret/rotate', {
          ...path(id),
          body: o.overlap === undefined ? {} : { overlap_seconds: o.overlap },
        }),
      );
      print(cli.json() ? rotated : [rotated], { json: cli.json(), columns: ['secret', 'previous_expires_at'] });
    });
}
