import type { Command } from 'commander';
import { call } from '../api.js';
import type { Cli } from '../cli.js';
import { print } from '../print.js';
import { readPassword } from '../password.js';

/** `login`: a token for the other commands. The password never goes on the command line (password.ts). */
export function sessionCommands(program: Command, cli: Cli): void {
  program
    .command('login')
    .description('log in (password from OPS_PASSWORD, or asked for) and print the export line for OPS_TOKEN')
    .requiredOption('--email <email>')
    .action(async (o: { email: string }) => {
      const session = await call(cli.client().POST('/auth/login/password', { body: { email: o.email, password: await readPassword() } }));
      if (cli.json()) print(session, { json: true });
      else process.stdout.write(`export OPS_TOKEN=${session.access_token}\n`);
    });
}
