import { DeliverPolicy, jetstream, type ConsumerMessages } from '@nats-io/jetstream';
import { parseEnvelope, subjectFor } from '@ops/events';
import type { Logger } from '@ops/logger';
import type { EventsStreamOptions, NatsConnection } from '@ops/messaging';

/** What keeps callers' organization roles for a while (HttpMemberships). */
export interface RoleCache {
  forget(userId: string): void;
}

export interface MembershipFeedOptions {
  nats: NatsConnection;
  stream: EventsStreamOptions;
  logger: Logger;
  roles: RoleCache;
}

/**
 * Drops a user's cached roles when they leave an organization (`organization.member_removed`), so that a
 * removed member loses access within milliseconds, as a sign-out does, instead of when the cache expires. An
 * ordered consumer from now on: the cache starts empty, so no history is needed.
 */
export class MembershipFeed {
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: MembershipFeedOptions) {}

  async start(): Promise<void> {
    const { nats, stream } = this.options;
    const consumer = await jetstream(nats).consumers.get(stream.name, {
      filter_subjects: subjectFor('organization.member_removed', stream.subjectPrefix),
      deliver_policy: DeliverPolicy.New,
    });
    this.messages = await consumer.consume();
    this.loop = (async () => {
      for await (const m of this.messages!) {
        try {
          const event = parseEnvelope(m.json());
          if (event.type === 'organization.member_removed') this.options.roles.forget(event.data.user_id);
        } catch (err) {
          this.options.logger.warn({ err, seq: m.seq }, 'membership feed skips a malformed event');
        }
      }
    })();
  }

  async stop(): Promise<void> {
    await this.messages?.close();
    await this.loop;
  }
}
