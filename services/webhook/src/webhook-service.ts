import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import type { TokenVerifier } from '@ops/auth';
import type { NestFastifyApplication } from '@ops/http';
import type { Logger } from '@ops/logger';
import { DeadLetters, StreamReader } from '@ops/messaging';
import { orgMemberships, ServiceKit, type Runtime } from '@ops/runtime';
import { WebhookAppModule } from './app.module.js';
import { Batcher } from './batcher.js';
import { loadWebhookConfig } from './config.js';
import { CircuitBreaker } from './dispatch/circuit-breaker.js';
import { DestinationPolicy, systemResolver, type Resolver } from './dispatch/destination-policy.js';
import { Dispatcher } from './dispatch/dispatcher.js';
import { RetrySchedule } from './dispatch/retry-schedule.js';
import { Sender } from './dispatch/send-request.js';
import { SharedCircuits } from './dispatch/shared-circuits.js';
import { WorkerRegistry } from './dispatch/worker-registry.js';
import { EndpointDirectory } from './endpoints/endpoint-directory.js';
import { disableEndpoint } from './endpoints/endpoints.service.js';
import { registerWebhookMetrics } from './health/webhook-metrics.js';
import { workerChecks } from './health/worker-checks.js';
import { ReplayRunner } from './replays/replay-runner.js';
import { RetentionSweeper } from './retention/retention-sweeper.js';
import { loadSecretsKey, SecretBox } from './secrets/secret-box.js';
import { makeAttemptDays, type ReceivedEvent } from './delivery-store/index.js';
import { ingestBatch } from './ingest/ingest-batch.js';
import { outbox } from './schema.js';

/** The environment variables this service reads (docs/operations.md and .env.example are checked against it). */
export { webhookEnv } from './config.js';
/** The service's API as documented (`GET /openapi.json`, `pnpm api:client`). */
export { webhookApi } from './app.module.js';

export interface WebhookService {
  app: NestFastifyApplication;
  runtime: Runtime;
  dispatcher: Dispatcher;
  replays: ReplayRunner;
  /** The endpoints as matching sees them (a second replay runner in tests shares it). */
  directory: EndpointDirectory;
  url: string;
  /** Where the service logs, its shutdown steps included. */
  logger: Logger;
  close(): Promise<void>;
}

export interface WebhookServiceOverrides {
  logger?: Logger;
  /** Verifies tokens from a key set given here instead of JWKS_URL (tests issuing their own tokens). */
  verifier?: TokenVerifier;
  /** Resolves webhook hosts instead of the system's DNS (tests: names of their own, answers that change). */
  resolver?: Resolver;
}

const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Starts the webhook service: API, stream consumer (ingest) and delivery worker (dispatcher). */
export async function startWebhookService(
  env: Record<string, string | undefined> = process.env,
  overrides: WebhookServiceOverrides = {},
): Promise<WebhookService> {
  const config = loadWebhookConfig(env);
  const memberships = orgMemberships(config);
  const kit = await ServiceKit.open({
    service: 'webhook',
    schema: 'webhooks',
    config,
    migrationsFolder,
    outbox,
    logger: overrides.logger,
    revocations: true,
    roleCache: memberships,
  });
  const { runtime } = kit;
  const { database, logger } = runtime;
  // Before anything logs an attempt: the attempt log takes only days that have a partition.
  await makeAttemptDays(database);
  const box = new SecretBox(
    loadSecretsKey({
      base64: config.WEBHOOK_SECRETS_KEY,
      file: config.WEBHOOK_SECRETS_KEY_FILE ?? `${config.DATA_DIR}/webhook-secrets.key`,
    }),
  );
  const directory = new EndpointDirectory(box);
  const destinations = new DestinationPolicy(config.WEBHOOK_ALLOWED_CIDRS, overrides.resolver ?? systemResolver);
  const sender = new Sender({
    destinations,
    connectTimeoutMs: config.WEBHOOK_CONNECT_TIMEOUT_MS,
    requestTimeoutMs: config.WEBHOOK_REQUEST_TIMEOUT_MS,
    connectionsPerOrigin: config.WEBHOOK_ENDPOINT_CONCURRENCY,
    excerptBytes: config.WEBHOOK_RESPONSE_EXCERPT_BYTES,
  });
  // Ingest sees every event: it keeps what it refuses (docs/architecture.md, "What ingest trusts").
  const deadLetters = new DeadLetters(runtime.nats, runtime.stream, { maxAgeMs: config.WEBHOOK_DEAD_LETTER_MAX_AGE_MS });
  await deadLetters.ensureStream();
  const consumer = kit.consumer({
    component: 'ingest',
    durable: config.WEBHOOK_CONSUMER,
    maxInFlight: 1000,
    deadLetters,
    onRejected: (rejection) => metrics.rejected(rejection),
  });
  const metrics = registerWebhookMetrics(runtime.metrics, { database, consumer });
  const registry = new WorkerRegistry({ database, logger: logger.child({ component: 'workers' }), ttlMs: config.WEBHOOK_WORKER_TTL_MS });
  const breaker = new CircuitBreaker({
    failureThreshold: config.WEBHOOK_BREAKER_FAILURES,
    openMs: config.WEBHOOK_BREAKER_OPEN_MS,
    maxOpenMs: config.WEBHOOK_BREAKER_MAX_OPEN_MS,
  });
  const circuits = new SharedCircuits({
    database,
    breaker,
    logger: logger.child({ component: 'circuits' }),
    intervalMs: config.WEBHOOK_CIRCUIT_READ_INTERVAL_MS,
  });
  const dispatcher = new Dispatcher({
    database,
    worker: registry,
    directory,
    sender,
    retries: {
      schedule: new RetrySchedule(config.WEBHOOK_RETRY_DELAYS_MS, config.WEBHOOK_RETRY_JITTER),
      floorMs: config.WEBHOOK_RETRY_FLOOR_MS,
      maxRetryAfterMs: config.WEBHOOK_RETRY_AFTER_MAX_MS,
    },
    breaker,
    circuits,
    disableAfterFailingMs: config.WEBHOOK_DISABLE_AFTER_FAILING_MS,
    disable: (endpointId, reason) => disableEndpoint(database, endpointId, reason),
    metrics,
    logger: logger.child({ component: 'dispatcher' }),
    maxInFlight: config.WEBHOOK_MAX_IN_FLIGHT,
    endpointConcurrency: config.WEBHOOK_ENDPOINT_CONCURRENCY,
    requestBudgetMs: config.WEBHOOK_CONNECT_TIMEOUT_MS + config.WEBHOOK_REQUEST_TIMEOUT_MS,
    pollIntervalMs: config.WEBHOOK_POLL_INTERVAL_MS,
  });
  const ingest = new Batcher<ReceivedEvent>({
    maxBatch: 500,
    maxWaitMs: 5,
    sequential: true,
    write: (batch) => ingestBatch({ database, directory, dispatcher, roomWaitMs: config.WEBHOOK_INGEST_ROOM_WAIT_MS }, batch),
  });
  const reader = new StreamReader(runtime.nats, runtime.stream.name);
  const replays = new ReplayRunner({
    database,
    reader,
    directory,
    logger: logger.child({ component: 'replay' }),
    subjectPrefix: runtime.stream.subjectPrefix,
    batchSize: config.WEBHOOK_REPLAY_BATCH_SIZE,
    pollIntervalMs: config.WEBHOOK_POLL_INTERVAL_MS,
  });
  const verifier = overrides.verifier ?? kit.tokenVerifier(config.JWKS_URL);
  const checks = workerChecks({ consumer, dispatcher, database, stallAfterMs: config.WEBHOOK_STALL_AFTER_MS });
  const app = await kit.httpApp(
    WebhookAppModule.with({ runtime, verifier, memberships, ingest, destinations, box, directory, sender, reader, deadLetters, checks }),
  );
  // Registered before ingest starts: the fast path creates deliveries in this worker's name.
  await registry.start();
  const url = await kit.listen({ port: config.WEBHOOK_PORT, host: config.HOST, message: 'webhook service listening' });
  circuits.start();
  await dispatcher.start();
  await replays.start();
  const retention = new RetentionSweeper({
    database,
    logger: logger.child({ component: 'retention' }),
    retentionMs: config.WEBHOOK_RETENTION_MS,
  });
  retention.start();
  // The grace period starts with the first step; HTTP and ingest close while attempts under way finish.
  kit.closeFirst('claims stopped', () => dispatcher.stopClaiming(config.SHUTDOWN_GRACE_MS));
  kit.closeAfterHttp('retention sweeper stopped', () => retention.stop());
  kit.closeAfterHttp('replays stopped', () => replays.stop());
  kit.closeAfterHttp('dispatcher stopped', () => dispatcher.stop());
  kit.closeAfterHttp('circuit reading stopped', () => circuits.stop());
  kit.closeAfterHttp('worker registration ended', () => registry.stop());
  kit.closeAfterHttp('webhook sender closed', () => sender.close());
  return { app, runtime, dispatcher, replays, directory, url, logger, close: () => kit.close() };
}
