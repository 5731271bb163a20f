import { z } from 'zod';

/** Thrown at start when the environment is invalid; lists every bad variable at once. */
export class ConfigError extends Error {
  readonly code = 'OPS_ERR_CONFIG';
  constructor(issues: string[]) {
    super(`invalid configuration:\n  ${issues.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

const ms = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);

/** OpenTelemetry tracing (docs/operations.md, "Tracing"); read by `serve` in main.ts, checked here with the rest. */
export const tracingEnv = {
  /** The OTLP/HTTP collector, e.g. `http://127.0.0.1:4318`; spans go to `<it>/v1/traces` as JSON. Unset: tracing off. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  /** How long finished spans wait to be exported together, in ms. Default 5000. */
  OTEL_BSP_SCHEDULE_DELAY: z.coerce.number().int().min(1).default(5000),
};

/** Settings every service reads. Each has a default for a local machine. */
export const runtimeEnv = {
  /** NATS servers, comma-separated. */
  NATS_URL: z.string().default('nats://127.0.0.1:4222'),
  /**
   * The service's NATS user: the broker lets each publish only its own event types (docs/security.md). Unset
   * for a server without authentication. `infra/nats/generate-auth` writes both.
   */
  NATS_USER: z.string().min(1).optional(),
  NATS_PASSWORD: z.string().min(1).optional(),
  /**
   * `postgres://...` for a server (each service keeps to its own schema); `pglite://<dir>` or `pglite://memory`
   * for embedded PostgreSQL. Unset: each service embeds its own, in `<DATA_DIR>/<service>`.
   */
  DATABASE_URL: z.string().optional(),
  /** A statement running longer than this is cancelled by PostgreSQL (`statement_timeout`); migrations are exempt. */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(1).default(15_000),
  /** A connection attempt to PostgreSQL that takes longer fails its queries instead of leaving them waiting. */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(1).default(5_000),
  /**
   * Longest wait between attempts to reconnect to PostgreSQL: bounds how long a query waits during an outage
   * and how soon after PostgreSQL returns the service uses it again.
   */
  DATABASE_RECONNECT_MAX_DELAY_MS: z.coerce.number().int().min(10).default(1_000),
  /**
   * On SIGTERM or SIGINT, how long work under way (webhook attempts in flight) may take to finish and be
   * recorded before it is handed back unfinished. Set the orchestrator's kill timeout above it.
   */
  SHUTDOWN_GRACE_MS: ms(20_000),
  /** Where local state lives: embedded databases, the generated token key. */
  DATA_DIR: z.string().default('.data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `true`/`false` forces pretty logs; by default pretty only on a terminal. */
  LOG_PRETTY: z.enum(['true', 'false']).optional(),
  EVENTS_STREAM: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('EVENTS'),
  EVENTS_SUBJECT_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/)
    .default('events'),
  /** How long the stream keeps events: the reach of a replay. Default 7 days. */
  EVENTS_MAX_AGE_MS: ms(7 * 24 * 3600_000),
  /** Size cap of the stream; -1 for none. */
  EVENTS_MAX_BYTES: z.coerce.number().int().min(-1).default(-1),
  /** JetStream de-duplication window for Nats-Msg-Id. Default 2 minutes. */
  EVENTS_DUPLICATE_WINDOW_MS: ms(2 * 60_000),
  EVENTS_REPLICAS: z.coerce.number().int().min(1).max(5).default(1),
  /**
   * Access token lifetime: the user service issues tokens for this long; every service refuses older ones and
   * remembers sign-outs this far back. Default 1 hour.
   */
  ACCESS_TOKEN_TTL_S: z.coerce.number().int().min(60).default(3600),
  /** Published outbox rows are kept this long: what lost events are republished from. Default 24 hours. */
  OUTBOX_RETENTION_MS: ms(24 * 3600_000),
  /**
   * How far back published events are checked against the stream (the broker acknowledges before it flushes,
   * every 2 minutes by default). Default 10 minutes; at most OUTBOX_RETENTION_MS.
   */
  OUTBOX_VERIFY_WINDOW_MS: ms(10 * 60_000),
  /** How often the stream is checked for lost events (besides after every reconnection to NATS). Default 30 s. */
  OUTBOX_VERIFY_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
  ...tracingEnv,
};

/** For services that scope by organization: where callers' roles are looked up. */
export const orgRolesEnv = {
  /**
   * The organization service, asked for callers' roles in organizations. Unset: roles come from the token's
   * `orgs` claim, which the user service leaves empty, so only platform admins act on organizations' resources.
   */
  ORG_SERVICE_URL: z.url().optional(),
  /** How long an answer about a caller's roles is reused: a role change takes effect within this. */
  ORG_ROLES_CACHE_MS: z.coerce.number().int().min(0).default(5_000),
};

/** Parses `env` against a schema of variables; every problem is reported, none is defaulted silently. */
export function loadConfig<S extends z.ZodRawShape>(
  shape: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<z.ZodObject<S>> {
  const result = z.object(shape).safeParse(env);
  if (!result.success) throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const pairing = natsCredentialsProblem(result.data as Record<string, unknown>);
  if (pairing) throw new ConfigError([pairing]);
  return result.data;
}

/** A user without a password (or the reverse) is a deployment mistake, not a reason to connect anonymously. */
function natsCredentialsProblem(config: Record<string, unknown>): string | null {
  if ((config.NATS_USER === undefined) === (config.NATS_PASSWORD === undefined)) return null;
  return 'NATS_USER and NATS_PASSWORD: set both, or neither for a server without authentication';
}

export type RuntimeConfig = z.infer<z.ZodObject<typeof runtimeEnv>>;
