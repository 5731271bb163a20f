import type { Scenario } from '../scenario.js';
import { brokerLosesAcknowledged } from './broker-loss.js';
import { crashPostgresIdle, crashPostgresMidBurst, killClusterLeader, killNats } from './dependency-faults.js';
import { misbehavingReceivers } from './misbehaving-receivers.js';
import { killReplayMidRange } from './replay-faults.js';
import { killEachOfTwoRelays, killUser } from './user-faults.js';
import { killOneOfTwoWebhooks, killWebhook, sigtermWebhook } from './webhook-faults.js';

/** Every scenario, in the order the table lists them. */
export const scenarios: Scenario[] = [
  killWebhook,
  killOneOfTwoWebhooks,
  killUser,
  killNats,
  sigtermWebhook,
  crashPostgresMidBurst,
  crashPostgresIdle,
  brokerLosesAcknowledged,
  misbehavingReceivers,
  killClusterLeader,
  killEachOfTwoRelays,
  killReplayMidRange,
];
