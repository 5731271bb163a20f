import { insertHistory } from '../history.js';
import { runBurst, withStage } from '../delivery-run.js';
import { costFigures, fmt, type ScenarioResult } from '../report.js';

/**
 * Growth: the burst again, on tables already holding H older deliveries and as many attempts (history.ts).
 * Its rate as a fraction of the burst on empty tables: history must not slow the hot path.
 */
export async function growth(
  o: { events: number; endpoints: number; history: number; webhookReplicas: number; natsPid: number | undefined },
  emptyBurstPerSecond: number | undefined,
): Promise<ScenarioResult> {
  return withStage({ healthy: o.endpoints, webhookReplicas: o.webhookReplicas, natsPid: o.natsPid }, async (stage, ids) => {
    const history = await insertHistory(stage.platform.sql, ids.healthy, o.history);
    const run = await runBurst(stage, o.events, o.events * o.endpoints);
    const fraction = emptyBurstPerSecond === undefined ? null : run.deliveriesPerSecond / emptyBurstPerSecond;
    const cost = costFigures(run.cost, run.deliveries, 'webhook', 'delivery');
    return {
      name: 'growth',
      title: `growth: the burst with ${fmt.int(history.deliveries)} older deliveries and ${fmt.int(history.attempts)} attempts in the tables`,
      figures: {
        historyDeliveries: history.deliveries,
        historyInsertSeconds: history.seconds,
        deliveriesPerSecond: run.deliveriesPerSecond,
        fractionOfEmptyBurst: fraction,
        ...cost.figures,
      },
      rows: [
        ['history written (generate_series, then vacuum analyze) in', fmt.ms(history.seconds * 1000)],
        ['logged deliveries/s', fmt.int(run.deliveriesPerSecond)],
        ['as a fraction of the burst on empty tables', fraction === null ? 'n/a (run the burst scenario too)' : fmt.ratio(fraction)],
        ...cost.rows,
      ],
    };
  });
}
