import { publishingSources, subjectFor, typesPublishedBy } from '@ops/events';
import { inboxPrefixFor } from '@ops/messaging';

/** The services of this repository: each publishes its own types and consumes others'. */
export const platformServices = ['user', 'org', 'subscription', 'device', 'webhook'] as const;

/** The operators' tools (opsctl, the `nats` CLI): inspect streams and consumers, read messages, publish nothing. */
export const OPERATOR_USER = 'ops';

export interface Permissions {
  publish: string[];
  subscribe: string[];
}

export interface BrokerLayout {
  /** The events stream, e.g. `EVENTS`. */
  stream: string;
  /** Its subject prefix, e.g. `events`. */
  subjectPrefix: string;
}

/** A user's own inbox only (its replies and pulled messages): never another user's (connectNats sets the prefix). */
const inbox = (user: string) => `${inboxPrefixFor(user)}.>`;

/**
 * Every NATS user and what it may do, from the catalog: a source may publish only the subjects of the types the
 * catalog lets it publish, whoever it is. Subjects are listed one by one, not as `events.user.>`: a type added
 * to a domain is published by nobody until the catalog names its source.
 */
export function brokerPermissions(layout: BrokerLayout): Map<string, Permissions> {
  const users = new Map<string, Permissions>();
  const own = (source: string) => typesPublishedBy(source).map((type) => subjectFor(type, layout.subjectPrefix));
  for (const source of publishingSources) {
    // An outside publisher gets its subjects and the replies to its publishes (PubAcks), nothing to read.
    users.set(source, { publish: own(source), subscribe: [inbox(source)] });
  }
  for (const service of platformServices) {
    users.set(service, { publish: [...own(service), ...consumerApi(layout)], subscribe: [inbox(service)] });
  }
  const webhook = users.get('webhook')!;
  webhook.publish.push(...deadLetterApi(layout), ...consumerListApi(layout));
  users.set(OPERATOR_USER, { publish: operatorApi(), subscribe: [inbox(OPERATOR_USER)] });
  return users;
}

/**
 * What a service needs to consume: make sure the stream exists (every replica does at start), run durable and
 * ordered consumers, pull, ack, and read one message by sequence (the outbox's check for lost events).
 */
function consumerApi({ stream }: BrokerLayout): string[] {
  return [
    '$JS.API.INFO',
    `$JS.API.STREAM.INFO.${stream}`,
    `$JS.API.STREAM.CREATE.${stream}`,
    `$JS.API.STREAM.UPDATE.${stream}`,
    `$JS.API.STREAM.MSG.GET.${stream}`,
    // nats-server 2.9 creates consumers on the first form, 2.10+ on the second (with the name and filter).
    `$JS.API.CONSUMER.CREATE.${stream}`,
    `$JS.API.CONSUMER.CREATE.${stream}.>`,
    `$JS.API.CONSUMER.DURABLE.CREATE.${stream}.>`,
    `$JS.API.CONSUMER.INFO.${stream}.>`,
    `$JS.API.CONSUMER.DELETE.${stream}.>`,
    `$JS.API.CONSUMER.MSG.NEXT.${stream}.>`,
    `$JS.ACK.${stream}.>`,
  ];
}

/** The webhook service keeps what its ingest refuses in `<stream>_DEAD_LETTERS` (docs/architecture.md). */
function deadLetterApi({ stream, subjectPrefix }: BrokerLayout): string[] {
  const dead = `${stream}_DEAD_LETTERS`;
  return [
    `deadletter.${subjectPrefix}.>`,
    `$JS.API.STREAM.INFO.${dead}`,
    `$JS.API.STREAM.CREATE.${dead}`,
    `$JS.API.STREAM.UPDATE.${dead}`,
    `$JS.API.STREAM.MSG.GET.${dead}`,
  ];
}

/** The webhook service's platform status (GET /api/v1/admin/webhooks/status) lists the stream's consumers and their lag. */
function consumerListApi({ stream }: BrokerLayout): string[] {
  return [`$JS.API.CONSUMER.LIST.${stream}`, `$JS.API.CONSUMER.NAMES.${stream}`];
}

/** Replays and stream inspection: read anything, change nothing (no stream create, update, purge or delete). */
function operatorApi(): string[] {
  return [
    '$JS.API.INFO',
    '$JS.API.STREAM.NAMES',
    '$JS.API.STREAM.LIST',
    '$JS.API.STREAM.INFO.>',
    '$JS.API.STREAM.MSG.GET.>',
    '$JS.API.CONSUMER.NAMES.>',
    '$JS.API.CONSUMER.LIST.>',
    '$JS.API.CONSUMER.INFO.>',
    // Reading a range (nats stream view, a replay check) runs an ephemeral consumer.
    '$JS.API.CONSUMER.CREATE.>',
    '$JS.API.CONSUMER.DELETE.>',
    '$JS.API.CONSUMER.MSG.NEXT.>',
  ];
}
