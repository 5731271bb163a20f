import { pino, type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  /** The service name, on every line as `service`. */
  name: string;
  /** pino level; default `info`. */
  level?: string;
  /** Pretty, coloured lines for a person at a terminal; default: when stdout is a TTY. JSON otherwise. */
  pretty?: boolean;
}

/**
 * Secrets never reach a log line: request headers that carry credentials, signing secrets,
 * passwords and tokens are replaced wherever they appear one or two levels deep.
 */
const redact = [
  'password',
  'secret',
  'token',
  'access_token',
  '*.password',
  '*.secret',
  '*.token',
  '*.access_token',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers["webhook-signature"]',
];

export function createLogger(options: LoggerOptions): Logger {
  const pretty = options.pretty ?? process.stdout.isTTY === true;
  return pino({
    name: options.name,
    level: options.level ?? 'info',
    base: { service: options.name },
    redact: { paths: redact, censor: '[redacted]' },
    transport: pretty ? { target: 'pino-pretty', options: { colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname,service' } } : undefined,
  });
}
