import { publishToJetStream, readWebhookApi } from '../load.js';
import type { Scenario } from '../scenario.js';
import { burst, startBurst } from './burst.js';

/**
 * How long a dependency stays down. An outage is the scenario's parameter, not a wait for a condition:
 * long enough for every service to notice (their reconnect loops, failed claims, readiness).
 */
const outageMs = 2000;
const outage = () => new Promise((resolve) => setTimeout(resolve, outageMs));

/** nats-server killed -9 mid-burst and started again on its store: consumers and publishers reconnect. */
export const killNats: Scenario = {
  name: 'kill -9 NATS, restart on its store',
  ci: true,
  async run(context) {
    const load = await startBurst(context);
    const { nats } = context.platform;
    const faultAt = Date.now();
    await nats.stop('SIGKILL');
    await outage();
    await nats.start();
    const restoredAt = Date.now();
    await load.done;
    return { faultAt, restoredAt };
  },
};

/** PostgreSQL crashed (`pg_ctl stop -m immediate`) mid-burst and started again after an outage. */
export const crashPostgresMidBurst: Scenario = {
  name: 'crash PostgreSQL mid-burst, restart',
  ci: false,
  async run(context) {
    const load = await startBurst(context);
    const { postgres } = context.platform;
    const faultAt = Date.now();
    await postgres.crash();
    await outage();
    await postgres.start();
    const restoredAt = Date.now();
    await load.done;
    return { faultAt, restoredAt };
  },
};

/** PostgreSQL crashed and restarted with nothing happening; then a burst, which must flow as before. */
export const crashPostgresIdle: Scenario = {
  name: 'crash PostgreSQL idle, restart, burst',
  ci: false,
  async run({ platform, track }) {
    await platform.endpoint(['device.registered']);
    await platform.endpoint(['device.registered']);
    track(readWebhookApi(() => platform.webhooks.filter((w) => w.alive()).map((w) => w.url), platform.adminToken));
    const faultAt = Date.now();
    await platform.postgres.crash();
    await outage();
    await platform.postgres.start();
    const restoredAt = Date.now();
    const load = track(publishToJetStream(platform.publisher, { total: burst.perSecond * 2, perSecond: burst.perSecond }));
    await load.done;
    return { faultAt, restoredAt };
  },
};

/** On a three-node cluster (stream replicated to all three), the node leading the stream killed -9 mid-burst. */
export const killClusterLeader: Scenario = {
  name: 'kill the stream leader of a 3-node cluster',
  ci: false,
  shape: { nats: 'cluster' },
  async run(context) {
    const load = await startBurst(context);
    const { cluster, stream } = context.platform;
    const leader = await cluster.streamLeader(stream.env.EVENTS_STREAM);
    await cluster.stopNode(leader);
    const faultAt = Date.now();
    context.notes.push(`killed ${leader}, the stream's leader; started again after the burst`);
    await load.done;
    await cluster.startNode(leader);
    return { faultAt };
  },
};
