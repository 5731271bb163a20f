import { runBurst, withStage } from '../delivery-run.js';
import { costFigures, fmt, type ScenarioResult } from '../report.js';

/**
 * One hung endpoint: the burst again with one of the M receivers accepting connections and never answering.
 * The others' throughput (each endpoint's deliveries per second until all of theirs are logged) as a fraction
 * of the burst's, the all-healthy run of the same size: 1.0 means the hung endpoint cost them nothing.
 */
export async function hungEndpoint(
  o: { events: number; endpoints: number; webhookReplicas: number; natsPid: number | undefined },
  healthyBurstSeconds: number | undefined,
): Promise<ScenarioResult> {
  const healthy = o.endpoints - 1;
  return withStage({ healthy, hung: 1, webhookReplicas: o.webhookReplicas, natsPid: o.natsPid }, async (stage, ids) => {
    const run = await runBurst(stage, o.events, o.events * healthy, ids.healthy);
    const fraction = healthyBurstSeconds === undefined ? null : healthyBurstSeconds / run.seconds;
    const cost = costFigures(run.cost, run.deliveries, 'webhook', 'delivery to the healthy');
    return {
      name: 'hung',
      title: `one hung endpoint: ${fmt.int(o.events)} events x ${o.endpoints} endpoints, one never answers`,
      figures: {
        deliveries: run.deliveries,
        seconds: run.seconds,
        healthyDeliveriesPerSecond: run.deliveriesPerSecond,
        fractionOfHealthyRun: fraction,
        ...cost.figures,
      },
      rows: [
        [`the other ${healthy}: logged deliveries/s`, fmt.int(run.deliveriesPerSecond)],
        [`the other ${healthy}: all logged after`, fmt.ms(run.seconds * 1000)],
        [
          'their throughput as a fraction of the all-healthy burst',
          fraction === null ? 'n/a (run the burst scenario too)' : fmt.ratio(fraction),
        ],
        ...cost.rows,
      ],
    };
  });
}
