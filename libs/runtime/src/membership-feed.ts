import type { Logger } from '@ops/logger';
import { EventFeed, type EventsStreamOptions, type NatsConnection } from '@ops/messaging';

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
 * removed member loses access within milliseconds, as a sign-out does, instead of when the cache expires. It
 * follows events from now on: the cache starts empty, so no history is needed.
 */
export class MembershipFeed {
  private readonly feed: EventFeed;

  constructor(options: MembershipFeedOptions) {
    this.feed = new EventFeed({
      ...options,
      types: 'organization.member_removed',
      onEvent: (event) => {
        if (event.type === 'organization.member_removed') options.roles.forget(event.data.user_id);
      },
    });
  }

  start(): Promise<void> {
    return this.feed.start();
  }

  stop(): Promise<void> {
    return this.feed.stop();
  }
}
