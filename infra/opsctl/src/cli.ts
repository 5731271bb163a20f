import { InvalidArgumentError, Option, type Command } from 'commander';
import { apiClient, type ApiClient } from './api.js';
import type { ListOptions } from './pages.js';

/** What every command reads from the global options: the client for the gateway, and how to print. */
export interface Cli {
  client(): ApiClient;
  /** --json: print the API's JSON instead of columns or sentences. */
  json(): boolean;
}

export function cliOf(program: Command): Cli {
  return {
    client: () => apiClient(program.opts().api, program.opts().token),
    json: () => Boolean(program.opts().json),
  };
}

export const positiveInteger =
  (what: string) =>
  (value: string): number => {
    if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError(`${what}: a whole number from 1`);
    return Number(value);
  };

/** `--limit <n>` and `--all` on a list command (pages.ts follows the pages). */
export function listOptions(command: Command, defaultLimit = 50): Command {
  return command
    .addOption(new Option('--limit <n>', 'how many to show').argParser(positiveInteger('--limit')).default(defaultLimit))
    .option('--all', 'every one, page after page');
}

export type { ListOptions };
