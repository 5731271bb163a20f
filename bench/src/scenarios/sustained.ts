import { deviceOnline } from '../platform.js';
import { summary } from '../stats.js';
import { startMeter, untilLogged, withStage } from '../delivery-run.js';
import { costFigures, fmt, type ScenarioResult } from '../report.js';

/**
 * Sustained: R events per second to M endpoints for S seconds, each published on its own (as a domain
 * service's relay would): publish -> receipt p50/p99/max, and the backlog (deliveries published but not yet
 * received) each second. A platform that keeps up holds the backlog flat; one that does not sees it grow.
 * The same rate runs for `warmupSeconds` first, unmeasured: it is the steady state that is measured, and a process
 * just started fell behind in its first two seconds (compiling its hot code, opening its pools) on a slow day.
 */
export async function sustained(o: {
  rate: number;
  seconds: number;
  warmupSeconds: number;
  endpoints: number;
  webhookReplicas: number;
  natsPid: number | undefined;
}): Promise<ScenarioResult> {
  return withStage({ healthy: o.endpoints, webhookReplicas: o.webhookReplicas, natsPid: o.natsPid }, async (stage) => {
    const total = o.rate * o.seconds;
    let published = 0;
    const publishAtRate = async (events: number, firstSeq: number) => {
      const started = performance.now();
      const publishes: Promise<unknown>[] = [];
      for (let i = 0; i < events; i++) {
        const due = started + (i * 1000) / o.rate;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        publishes.push(stage.platform.publisher.publish(deviceOnline(firstSeq + i)));
        published++;
      }
      return publishes;
    };
    const warmup = o.rate * o.warmupSeconds;
    await Promise.all(await publishAtRate(warmup, total));
    await untilLogged(stage, warmup * o.endpoints);
    await stage.receivers.resultsAndReset();
    published = 0;

    const meter = await startMeter(stage);
    const backlog: number[] = [];
    const sampler = setInterval(() => void stage.receivers.received().then((n) => backlog.push(published * o.endpoints - n)), 1000);
    const publishes = await publishAtRate(total, 0);
    const publishedAt = performance.now();
    clearInterval(sampler);
    await Promise.all(publishes);
    const done = await untilLogged(stage, total * o.endpoints, undefined, warmup * o.endpoints);
    const cost = await meter.stop();
    const latency = summary((await stage.receivers.resultsAndReset()).latenciesMs);
    const quarter = (q: number) => backlog[Math.min(backlog.length - 1, Math.floor((backlog.length * q) / 4))] ?? 0;
    const at = [1, 2, 3, 4].map((q) => (q === 4 ? (backlog.at(-1) ?? 0) : quarter(q)));
    // Growing: more than one second's deliveries behind at the end than at the first quarter.
    const growing = at[3]! - at[0]! > o.rate * o.endpoints;
    // Where a stall was: a warming-up process falls behind in the first seconds, a pause (GC, a checkpoint) anywhere.
    const peak = Math.max(0, ...backlog);
    const peakSecond = backlog.indexOf(peak) + 1;
    const drainMs = done - publishedAt;
    const perDelivery = costFigures(cost, total * o.endpoints, 'webhook', 'delivery');
    return {
      name: 'sustained',
      title: `sustained: ${o.rate} events/s x ${o.endpoints} endpoints (${fmt.int(o.rate * o.endpoints)} deliveries/s) for ${o.seconds} s, after ${o.warmupSeconds} s unmeasured`,
      figures: {
        deliveriesPerSecondOffered: o.rate * o.endpoints,
        receiptP50Ms: latency.p50,
        receiptP99Ms: latency.p99,
        receiptMaxMs: latency.max,
        backlogQuarter1: at[0]!,
        backlogHalf: at[1]!,
        backlogQuarter3: at[2]!,
        backlogEnd: at[3]!,
        backlogGrowing: growing ? 1 : 0,
        backlogPeak: peak,
        backlogPeakSecond: peakSecond,
        drainAfterLastPublishMs: drainMs,
        ...perDelivery.figures,
      },
      rows: [
        ['publish -> receipt p50 / p99 / max', `${fmt.ms(latency.p50)} / ${fmt.ms(latency.p99)} / ${fmt.ms(latency.max)}`],
        ['backlog at 1/4, 1/2, 3/4, end (deliveries)', at.map(fmt.int).join(', ')],
        ['backlog', growing ? 'GREW: the platform fell behind' : 'steady: it kept up'],
        ['backlog at its peak (deliveries), in second', `${fmt.int(peak)}, ${peakSecond} of ${backlog.length}`],
        ['all logged after the last publish', fmt.ms(drainMs)],
        ...perDelivery.rows,
      ],
    };
  });
}
