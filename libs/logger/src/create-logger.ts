import { pino, type DestinationStream, type Logger } from 'pino';
import { PinoPretty } from 'pino-pretty';
import { serializeError } from './query-error.js';
import { activeRequestId, activeTraceIds } from '@ops/tracing';
import { redactSecretValues } from './secret-values.js';

export type { Logger };

export interface LoggerOptions {
  /** The service name, on every line as `service`. */
  name: string;
  /** pino level; default `info`. */
  level?: string;
  /** Pretty, coloured lines for a person at a terminal; default: when stdout is a TTY. JSON otherwise. */
  pretty?: boolean;
  /** Where the JSON lines go; default stdout. Tests capture lines here. */
  destination?: { write(line: string): unknown };
}

/**
 * Secrets never reach a log line. By key: request headers that carry credentials, signing secrets,
 * passwords and tokens are replaced wherever they appear one or two levels deep. By value: see
 * secret-values.ts. And a failed query's bound values are never logged (query-error.ts).
 */
const redact = [
  'password',
  'secret',
  'token',
  'access_token',
  'authorization',
  '*.password',
  '*.secret',
  '*.token',
  '*.access_token',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers["webhook-signature"]',
];

/** Every finished line passes through the value-class redaction on its way out. */
function redacting(target: { write(line: string): unknown }): DestinationStream {
  return { write: (line: string) => void target.write(redactSecretValues(line)) };
}

/**
 * The trace (`trace_id`, `span_id`) and HTTP request (`request_id`) a line was written in, when traced: a log
 * line leads to its trace and back. Untraced, nothing is added (and the lookups are a few no-op calls).
 */
function traceFields(): Record<string, string> {
  const ids = activeTraceIds();
  if (!ids) return {};
  const requestId = activeRequestId();
  return requestId ? { ...ids, request_id: requestId } : ids;
}

export function createLogger(options: LoggerOptions): Logger {
  const pretty = options.destination === undefined && (options.pretty ?? process.stdout.isTTY === true);
  const target =
    options.destination ??
    (pretty ? PinoPretty({ colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname,service' }) : pino.destination(1));
  return pino(
    {
      name: options.name,
      level: options.level ?? 'info',
      base: { service: options.name },
      redact: { paths: redact, censor: '[redacted]' },
      serializers: { err: serializeError, error: serializeError },
      mixin: traceFields,
    },
    redacting(target),
  );
}
