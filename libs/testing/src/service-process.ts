import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait-for.js';

/** One JSON log line of a service (pino). */
export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

/** A service running as its own process, as in production: `node services/<name>/dist/main.js`. */
export interface ServiceProcess {
  readonly child: ChildProcess;
  /** Where its HTTP API answers, read from its "listening" log line. */
  readonly url: string;
  /** Every JSON log line so far (stdout). */
  readonly logs: LogLine[];
  /** What it wrote to stderr (start-up failures, crashes). */
  stderr(): string;
  /** Resolves when the process ends: its exit code, or the signal that killed it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Whether it is still running. */
  alive(): boolean;
  /** The log lines whose message contains `text`. */
  logged(text: string): LogLine[];
  kill(signal: NodeJS.Signals): void;
}

const root = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Starts a built service (`pnpm build` first) with `env` on top of this process's PATH, logging JSON, and
 * resolves once it listens. A process that exits before that fails the start with its stderr.
 */
export async function startServiceProcess(
  service: string,
  env: Record<string, string>,
  { startTimeoutMs = 20_000 } = {},
): Promise<ServiceProcess> {
  const main = `${root}services/${service}/dist/main.js`;
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`pnpm build\` before the process tests`);
  const child = spawn(process.execPath, [main], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', LOG_PRETTY: 'false', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  let errors = '';
  let partial = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as LogLine);
      } catch {
        logs.push({ msg: line });
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      running = false;
      resolve({ code, signal });
    }),
  );
  const logged = (text: string) => logs.filter((l) => typeof l.msg === 'string' && l.msg.includes(text));
  const listening = await waitFor(
    `${service} to listen`,
    () => {
      if (!running) throw new Error(`${service} exited before listening:\n${errors}`);
      return logged('listening')[0];
    },
    { timeoutMs: startTimeoutMs, intervalMs: 50 },
  ).catch((err: unknown) => {
    child.kill('SIGKILL');
    throw new Error(
      `${String(err)}\nits last log lines:\n${logs
        .slice(-10)
        .map((l) => JSON.stringify(l))
        .join('\n')}\n${errors}`,
    );
  });
  return {
    child,
    url: String(listening.url).replace('[::1]', '127.0.0.1'),
    logs,
    stderr: () => errors,
    exited,
    alive: () => running,
    logged,
    kill: (signal) => child.kill(signal),
  };
}
