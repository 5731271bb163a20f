import type { NatsConnection } from '@ops/messaging';

/**
 * Whether the NATS connection is up right now. The client reconnects for ever, so it is never "closed" while
 * the server is away: readiness needs the last disconnect/reconnect it reported.
 */
export class NatsLink {
  private up = true;

  constructor(private readonly nats: NatsConnection) {
    void this.follow();
  }

  /** null when connected, or what is wrong, in words fit for a public readiness body. */
  problem(): string | null {
    if (this.nats.isClosed()) return 'closed';
    if (this.nats.isDraining()) return 'draining';
    return this.up ? null : 'disconnected';
  }

  private async follow(): Promise<void> {
    for await (const status of this.nats.status()) {
      if (status.type === 'disconnect') this.up = false;
      else if (status.type === 'reconnect') this.up = true;
    }
  }
}
