import { summary } from '../stats.js';
import { measureRawLimit, type RawLimit } from '../raw-limit.js';
import { runBurst, withStage, type BurstRun } from '../delivery-run.js';
import { costFigures, fmt, type ScenarioResult } from '../report.js';

/** The webhook service's default WEBHOOK_ENDPOINT_CONCURRENCY: the raw sender keeps as many in flight per receiver. */
export const endpointConcurrency = 16;

export interface BurstResult extends ScenarioResult {
  run: BurstRun;
  rawLimit: number;
}

/**
 * Burst: N events × M endpoints published at once; logged deliveries per second, as a ratio to the raw limit
 * measured on the same receivers just before and just after (their mean), and what each delivery cost.
 */
export async function burst(o: {
  events: number;
  endpoints: number;
  rawSeconds: number;
  webhookReplicas: number;
  natsPid: number | undefined;
}): Promise<BurstResult> {
  return withStage({ healthy: o.endpoints, webhookReplicas: o.webhookReplicas, natsPid: o.natsPid }, async (stage) => {
    const raw = () => measureRawLimit(stage.receivers.urls, { seconds: o.rawSeconds, concurrency: endpointConcurrency });
    const before = await raw();
    const run = await runBurst(stage, o.events, o.events * o.endpoints);
    const after = await raw();
    const rawLimit = (before.requestsPerSecond + after.requestsPerSecond) / 2;
    // The two readings disagreeing means the machine's speed changed during the run (others' load): the ratio then says little.
    const rawSpread = Math.abs(before.requestsPerSecond - after.requestsPerSecond) / rawLimit;
    const latency = summary(run.receipts.latenciesMs);
    const cost = costFigures(
      run.cost,
      run.deliveries,
      `webhook (${o.webhookReplicas} process${o.webhookReplicas > 1 ? 'es' : ''})`,
      'delivery',
    );
    return {
      name: 'burst',
      title: `burst: ${fmt.int(o.events)} events x ${o.endpoints} endpoints = ${fmt.int(run.deliveries)} deliveries at once`,
      run,
      rawLimit,
      figures: {
        deliveries: run.deliveries,
        seconds: run.seconds,
        deliveriesPerSecond: run.deliveriesPerSecond,
        rawLimitPerSecond: rawLimit,
        rawLimitBefore: before.requestsPerSecond,
        rawLimitAfter: after.requestsPerSecond,
        rawLimitSpread: rawSpread,
        rawSenderCpuMsPerRequest: mean(before, after, 'cpuMsPerRequest'),
        ratioToRawLimit: run.deliveriesPerSecond / rawLimit,
        publishMs: run.publishMs,
        receiptP50Ms: latency.p50,
        receiptP99Ms: latency.p99,
        ...cost.figures,
      },
      rows: [
        ['logged deliveries/s', fmt.int(run.deliveriesPerSecond)],
        [
          `raw limit (undici, ${endpointConcurrency} in flight per receiver), req/s`,
          `${fmt.int(before.requestsPerSecond)} before, ${fmt.int(after.requestsPerSecond)} after`,
        ],
        ['ratio to the raw limit (their mean)', fmt.ratio(run.deliveriesPerSecond / rawLimit)],
        ...(rawSpread > 0.25
          ? [['WARNING: the raw limit moved during the run by', `${Math.round(rawSpread * 100)}%`] as [string, string]]
          : []),
        ['raw sender CPU per request', fmt.ms(mean(before, after, 'cpuMsPerRequest'), 3)],
        ['all published (acks pipelined) after', fmt.ms(run.publishMs)],
        ['all logged after', fmt.ms(run.seconds * 1000)],
        ['publish -> receipt p50 / p99 (queueing included)', `${fmt.ms(latency.p50)} / ${fmt.ms(latency.p99)}`],
        ...cost.rows,
      ],
    };
  });
}

const mean = (a: RawLimit, b: RawLimit, key: keyof RawLimit) => (a[key] + b[key]) / 2;
