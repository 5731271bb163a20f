import { loadConfig, orgRolesEnv, runtimeEnv } from '@ops/runtime';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';

const msList = z
  .string()
  .regex(/^\d+(,\d+)*$/, 'comma-separated milliseconds, e.g. 5000,300000')
  .transform((s) => s.split(',').map(Number));

export const webhookEnv = {
  ...runtimeEnv,
  ...orgRolesEnv,
  WEBHOOK_PORT: z.coerce.number().int().min(0).max(65535).default(8082),
  HOST: z.string().default('127.0.0.1'),
  /** Where the user service publishes its token keys. */
  JWKS_URL: z.url().default('http://127.0.0.1:8081/.well-known/jwks.json'),
  /** Delay before each retry; its length is the number of retries. Default about 28 hours, as Svix: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
  WEBHOOK_RETRY_DELAYS_MS: msList.default([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]),
  /** Each delay is spread by up to this fraction either way, so that failed deliveries do not retry in lockstep. */
  WEBHOOK_RETRY_JITTER: z.coerce.number().min(0).max(0.5).default(0.2),
  /** Least wait before retrying after a timeout or a 429. */
  WEBHOOK_RETRY_FLOOR_MS: z.coerce.number().int().min(0).default(60_000),
  /** A receiver's Retry-After (429, 503) is obeyed up to this. */
  WEBHOOK_RETRY_AFTER_MAX_MS: z.coerce.number().int().min(0).default(3_600_000),
  /** An endpoint whose every attempt failed for this long is disabled, its events held. Default 5 days, as Svix. */
  WEBHOOK_DISABLE_AFTER_FAILING_MS: z.coerce
    .number()
    .int()
    .min(1)
    .default(5 * 24 * 3600_000),
  /** Consecutive failed attempts that open an endpoint's circuit: it rests, then is probed once. */
  WEBHOOK_BREAKER_FAILURES: z.coerce.number().int().min(1).default(5),
  /** First rest of an open circuit; doubled after each failed probe, up to WEBHOOK_BREAKER_MAX_OPEN_MS. */
  WEBHOOK_BREAKER_OPEN_MS: z.coerce.number().int().min(10).default(30_000),
  WEBHOOK_BREAKER_MAX_OPEN_MS: z.coerce.number().int().min(10).default(600_000),
  WEBHOOK_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  /** Time allowed for the receiver's whole response. */
  WEBHOOK_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  /** Concurrent HTTP requests from this process, all endpoints together. */
  WEBHOOK_MAX_IN_FLIGHT: z.coerce.number().int().min(1).default(512),
  /**
   * Longest a batch of received events waits for room in the full lanes of this worker before the rest of it is
   * recorded pending, for a claim (see ingest/ingest-batch.ts): while it waits, the backlog stays in the stream.
   */
  WEBHOOK_INGEST_ROOM_WAIT_MS: z.coerce.number().int().min(0).default(200),
  /** Concurrent requests to one endpoint: a slow endpoint holds at most this many slots. */
  WEBHOOK_ENDPOINT_CONCURRENCY: z.coerce.number().int().min(1).default(16),
  /** Bytes of a response body kept in the attempt log. */
  WEBHOOK_RESPONSE_EXCERPT_BYTES: z.coerce.number().int().min(0).max(65_536).default(1024),
  /** How often the worker looks for retries coming due (new deliveries wake it at once). */
  WEBHOOK_POLL_INTERVAL_MS: z.coerce.number().int().min(10).default(1000),
  /**
   * Address ranges webhooks may reach although they are not public (loopback, private, link-local...),
   * comma-separated CIDRs. Empty by default: only public addresses. Tests and local demos open 127.0.0.0/8.
   */
  WEBHOOK_ALLOWED_CIDRS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean),
    )
    .refine((cidrs) => cidrs.every((c) => ipaddr.isValidCIDR(c)), 'comma-separated CIDRs, e.g. 127.0.0.0/8,::1/128'),
  /** How often each worker reads the circuits other workers opened (an endpoint found dead rests everywhere). */
  WEBHOOK_CIRCUIT_READ_INTERVAL_MS: z.coerce.number().int().min(10).default(1000),
  /** A worker that has not renewed its registration for this long is dead: its deliveries in flight are taken over. */
  WEBHOOK_WORKER_TTL_MS: z.coerce.number().int().min(100).default(5000),
  /** Readiness turns red when work waits and the consumer or the dispatcher has not moved for this long. */
  WEBHOOK_STALL_AFTER_MS: z.coerce.number().int().min(100).default(60_000),
  /** Key sealing endpoint secrets at rest: 32 bytes, base64 (`openssl rand -base64 32`). Unset: WEBHOOK_SECRETS_KEY_FILE. */
  WEBHOOK_SECRETS_KEY: z
    .string()
    .refine((k) => Buffer.from(k, 'base64').length === 32, '32 bytes in base64, e.g. from `openssl rand -base64 32`')
    .optional(),
  /** Default `<DATA_DIR>/webhook-secrets.key`, created on first start. */
  WEBHOOK_SECRETS_KEY_FILE: z.string().optional(),
  /** How long messages ingest refused are kept in the dead-letter stream. Default 30 days. */
  WEBHOOK_DEAD_LETTER_MAX_AGE_MS: z.coerce
    .number()
    .int()
    .min(60_000)
    .default(30 * 24 * 3600_000),
  /** Finished deliveries, their attempts and events are deleted this long after they finished. Default 30 days. */
  WEBHOOK_RETENTION_MS: z.coerce
    .number()
    .int()
    .min(60_000)
    .default(30 * 24 * 3600_000),
  /** Stream messages a replay reads and records per transaction (its checkpoint moves once per batch). */
  WEBHOOK_REPLAY_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  /** Durable consumer name; replicas share it and split the stream. */
  WEBHOOK_CONSUMER: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('webhook-ingest'),
};

export type WebhookConfig = ReturnType<typeof loadWebhookConfig>;

export function loadWebhookConfig(env: Record<string, string | undefined> = process.env) {
  return loadConfig(webhookEnv, env);
}
