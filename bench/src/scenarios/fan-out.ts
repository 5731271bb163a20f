import { deviceOnline } from '../platform.js';
import { summary } from '../stats.js';
import { startMeter, untilLogged, withStage } from '../delivery-run.js';
import { costFigures, fmt, type ScenarioResult } from '../report.js';

/**
 * Fan-out: one event type subscribed by E endpoints (each its own receiver), R events per second for S
 * seconds. Per event, publish -> receipt at the LAST endpoint to receive it: how long until everyone knows.
 */
export async function fanOut(o: {
  endpoints: number;
  rate: number;
  seconds: number;
  webhookReplicas: number;
  natsPid: number | undefined;
}): Promise<ScenarioResult> {
  return withStage({ healthy: o.endpoints, webhookReplicas: o.webhookReplicas, natsPid: o.natsPid }, async (stage) => {
    const total = o.rate * o.seconds;
    const meter = await startMeter(stage);
    const started = performance.now();
    const publishes: Promise<unknown>[] = [];
    for (let i = 0; i < total; i++) {
      const wait = started + (i * 1000) / o.rate - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      publishes.push(stage.platform.publisher.publish(deviceOnline(i)));
    }
    await Promise.all(publishes);
    await untilLogged(stage, total * o.endpoints);
    const cost = await meter.stop();
    const receipts = await stage.receivers.resultsAndReset();
    const last = summary(receipts.lastByEventMs);
    const every = summary(receipts.latenciesMs);
    const perDelivery = costFigures(cost, total * o.endpoints, 'webhook', 'delivery');
    return {
      name: 'fan-out',
      title: `fan-out: 1 event type x ${o.endpoints} endpoints, ${o.rate} events/s for ${o.seconds} s (${fmt.int(o.rate * o.endpoints)} deliveries/s)`,
      figures: {
        lastEndpointP50Ms: last.p50,
        lastEndpointP99Ms: last.p99,
        lastEndpointMaxMs: last.max,
        receiptP50Ms: every.p50,
        receiptP99Ms: every.p99,
        ...perDelivery.figures,
      },
      rows: [
        ['publish -> receipt at the last endpoint, p50 / p99 / max', `${fmt.ms(last.p50)} / ${fmt.ms(last.p99)} / ${fmt.ms(last.max)}`],
        ['publish -> receipt, every delivery, p50 / p99', `${fmt.ms(every.p50)} / ${fmt.ms(every.p99)}`],
        ...perDelivery.rows,
      ],
    };
  });
}
