import type { Scenario } from '../scenario.js';
import { startBurst } from './burst.js';

/** The webhook service killed mid-burst, then started again: its deliveries in flight move on. */
export const killWebhook: Scenario = {
  name: 'kill -9 webhook mid-burst, restart',
  ci: true,
  async run(context) {
    const load = await startBurst(context);
    const [webhook] = context.platform.webhooks;
    await webhook!.kill('SIGKILL');
    const faultAt = Date.now();
    await webhook!.restart();
    await load.done;
    return { faultAt };
  },
};

/** Two replicas, one killed mid-burst and left dead: the survivor takes over its deliveries. */
export const killOneOfTwoWebhooks: Scenario = {
  name: 'two webhook replicas, one killed',
  ci: true,
  shape: { webhooks: 2 },
  async run(context) {
    const load = await startBurst(context);
    await context.platform.webhooks[0]!.kill('SIGKILL');
    const faultAt = Date.now();
    await load.done;
    return { faultAt };
  },
};

/** A deploy: SIGTERM mid-burst should finish in-flight attempts, hand the rest back and exit 0. */
export const sigtermWebhook: Scenario = {
  name: 'SIGTERM webhook during load (deploy)',
  ci: true,
  async run(context) {
    const load = await startBurst(context);
    const [webhook] = context.platform.webhooks;
    const faultAt = Date.now();
    const exit = await webhook!.kill('SIGTERM');
    const exitedInMs = Date.now() - faultAt;
    context.notes.push(
      exit.code === 0
        ? `webhook exited 0 after SIGTERM in ${exitedInMs} ms`
        : `FINDING: webhook exited with ${exit.signal ?? `code ${exit.code}`} after SIGTERM (expected 0), in ${exitedInMs} ms`,
    );
    await webhook!.restart();
    await load.done;
    return { faultAt };
  },
};
