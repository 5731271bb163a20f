#!/usr/bin/env node
import { createRequire } from 'node:module';
import { Command, Option } from 'commander';
import { ApiCallError } from './api.js';
import { cliOf } from './cli.js';
import { deliveryCommands } from './commands/deliveries.js';
import { endpointCommands } from './commands/endpoints.js';
import { ingestCommands } from './commands/ingest.js';
import { outboxCommands } from './commands/outbox.js';
import { replayCommands } from './commands/replays.js';
import { sessionCommands } from './commands/session.js';

/**
 * opsctl: the operator's view of the platform. API commands go through the gateway (OPS_API, default
 * http://127.0.0.1:8084) on the client generated from its OpenAPI document (libs/api-client), with a platform
 * admin's or an organization admin's token (OPS_TOKEN, or `opsctl login`); `stream` reads NATS directly
 * (NATS_URL). Every command prints columns for a person, or the API's JSON with --json.
 */
// Piped into `head`: the reader left, which is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => process.exit(err.code === 'EPIPE' ? 0 : 1));

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

const program = new Command('opsctl').description('Operate the Ops Center event platform.').version(version).showHelpAfterError();
program
  .addOption(new Option('--api <url>', 'the gateway').env('OPS_API').default('http://127.0.0.1:8084'))
  .addOption(new Option('--token <token>', 'an access token').env('OPS_TOKEN'))
  .option('--json', 'print JSON instead of columns');

const cli = cliOf(program);
sessionCommands(program, cli);
ingestCommands(program, cli);
endpointCommands(program, cli);
deliveryCommands(program, cli);
replayCommands(program, cli);
outboxCommands(program, cli);

try {
  await program.parseAsync();
} catch (err) {
  const message = err instanceof ApiCallError ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
  process.stderr.write(`opsctl: ${message}\n`);
  process.exit(1);
}
