/**
 * The delivery log's one owner: every statement on `deliveries` (with the `attempts` and `events` they log and
 * send), its NOTIFY channel, and its status predicates (`delivery-status.ts`, used only in this folder).
 * Ingest, dispatch, the log API, replays, retention and health go through here.
 */
export { DELIVERIES_CHANNEL } from './deliveries-channel.js';
export {
  createDeliveries,
  createReplayDeliveries,
  deliveryOf,
  createTestDelivery,
  storeEvents,
  toStore,
  type EventToStore,
  type Holder,
  type NewDelivery,
  type ReceivedEvent,
} from './create-deliveries.js';
export {
  claimDeliveries,
  claimLimitedDeliveries,
  handBackFromWorkers,
  releaseDeliveries,
  type ClaimedDelivery,
  type ClaimOptions,
  type DeliverableEvent,
  type LimitedEndpoint,
} from './claim-deliveries.js';
export { logAttempts, type LoggedAttempt } from './log-attempts.js';
export {
  ATTEMPT_DAYS_AHEAD,
  attemptPartitionName,
  listAttemptPartitions,
  makeAttemptDays,
  type AttemptPartition,
} from './attempt-partitions.js';
export { removeAttemptDaysBefore, type RemovedAttemptDays } from './remove-attempt-days.js';
export { failedSince, oneDelivery, requeueDeliveries } from './requeue-deliveries.js';
export {
  attemptsOf,
  countOverdue,
  countReplayDeliveries,
  countUnfinished,
  countWaiting,
  deliveriesOfEvent,
  findDelivery,
  listDeliveries,
  type DeliveryFilter,
} from './read-deliveries.js';
export { followEndpointOrder, removeFinishedBefore, removeUnreferencedEvents, withdrawReplayDeliveries } from './remove-deliveries.js';
export {
  bucketAttempts,
  deliveryIdAt,
  summariseAttempts,
  type ActivityBucket,
  type ActivityQuery,
  type AttemptSummary,
} from './endpoint-activity.js';
