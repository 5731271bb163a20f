import { waitFor } from '@ops/testing';
import { CostMeter, type Cost } from './measure/cost-meter.js';
import { deviceOnline, Platform } from './platform.js';
import { Receivers, type ReceiverResults } from './receivers.js';

/** What the delivery scenarios share: the platform and receivers they run on, and the nats-server to watch. */
export interface DeliveryStage {
  platform: Platform;
  receivers: Receivers;
  natsPid: number | undefined;
  /** Endpoints that were sent (and logged) one warm-up delivery before the scenario began. */
  warmed: readonly string[];
}

export function startMeter({ platform, natsPid }: DeliveryStage): Promise<CostMeter> {
  return CostMeter.start(platform.sql, platform.databaseName, platform.webhooks, natsPid);
}

/**
 * Waits until `expected` requests reached the receivers and as many deliveries are logged as succeeded
 * (counting receipts first: polling the log the whole time would load PostgreSQL). Returns when they were.
 */
export async function untilLogged(
  { platform, receivers, warmed }: DeliveryStage,
  expected: number,
  endpointIds?: readonly string[],
  /** Deliveries a scenario's own warm-up logged before it reset the receivers. */
  loggedBefore = 0,
): Promise<number> {
  await waitFor('every delivery received', async () => (await receivers.received()) >= expected, { timeoutMs: 1_800_000, intervalMs: 50 });
  const warmUps = endpointIds ? endpointIds.filter((id) => warmed.includes(id)).length : warmed.length;
  return waitFor(
    'every delivery logged',
    async () => ((await platform.logged(endpointIds)) >= expected + warmUps + loggedBefore ? performance.now() : null),
    {
      timeoutMs: 600_000,
      intervalMs: 100,
    },
  );
}

export interface BurstRun {
  deliveries: number;
  seconds: number;
  deliveriesPerSecond: number;
  publishMs: number;
  receipts: ReceiverResults;
  cost: Cost;
}

/**
 * N events published at once (acks pipelined) to endpoints subscribed to them; done when every delivery to
 * `countedEndpoints` (default all) is logged. `countedDeliveries` is how many that is.
 */
export async function runBurst(
  stage: DeliveryStage,
  events: number,
  countedDeliveries: number,
  countedEndpoints?: readonly string[],
): Promise<BurstRun> {
  const batch = Array.from({ length: events }, (_, i) => deviceOnline(i));
  await stage.receivers.resultsAndReset();
  const meter = await startMeter(stage);
  const started = performance.now();
  await stage.platform.publisher.publishAll(batch);
  const publishMs = performance.now() - started;
  const done = await untilLogged(stage, countedDeliveries, countedEndpoints);
  const cost = await meter.stop();
  const seconds = (done - started) / 1000;
  return {
    deliveries: countedDeliveries,
    seconds,
    deliveriesPerSecond: countedDeliveries / seconds,
    publishMs,
    receipts: await stage.receivers.resultsAndReset(),
    cost,
  };
}

/**
 * A fresh platform with `healthy` + `hung` receivers, one endpoint each subscribed to `device.online`, for
 * the length of `run`. The receivers stop first, so that requests to a hung one fail at once and the webhook
 * service's graceful stop does not wait out their timeout.
 */
export async function withStage<T>(
  { healthy, hung = 0, webhookReplicas, natsPid }: { healthy: number; hung?: number; webhookReplicas: number; natsPid: number | undefined },
  run: (stage: DeliveryStage, endpointIds: { healthy: string[]; hung: string[] }) => Promise<T>,
): Promise<T> {
  const receivers = await Receivers.start(healthy, hung);
  try {
    const platform = await Platform.start({ webhookReplicas });
    try {
      const ids = await platform.createEndpoints(receivers.urls, ['device.online']);
      const endpointIds = { healthy: ids.slice(0, healthy), hung: ids.slice(healthy) };
      // One delivery to every endpoint first: the consumer, the pools and the code paths are warm when measuring starts.
      const stage = { platform, receivers, natsPid, warmed: [] };
      await platform.publisher.publish(deviceOnline(-1));
      await untilLogged(stage, healthy, endpointIds.healthy);
      await receivers.resultsAndReset();
      return await run({ ...stage, warmed: endpointIds.healthy }, endpointIds);
    } finally {
      await receivers.stop();
      await platform.stop();
    }
  } catch (err) {
    await receivers.stop().catch(() => {});
    throw err;
  }
}
