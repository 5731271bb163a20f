import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '@ops/db';
import { DeadLetters, StreamReader } from '@ops/messaging';
import { DATABASE } from '@ops/runtime';
import { countUnfinished } from '../delivery-store/index.js';

/**
 * The platform seen from the webhook service, for administrators: the stream and each consumer's lag, the
 * deliveries not finished yet by status, and the dead letters. Every domain service's outbox has its own route
 * (`/api/v1/admin/outbox/<service>`), answered by its owner.
 */
@Injectable()
export class PlatformStatusService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(StreamReader) private readonly stream: StreamReader,
    @Inject(DeadLetters) private readonly deadLetters: DeadLetters,
  ) {}

  async status() {
    const [stream, deliveries, deadLetters] = await Promise.all([
      this.stream.status(),
      countUnfinished(this.database),
      this.deadLetters.list(1),
    ]);
    return { stream, deliveries, dead_letters: deadLetters.total };
  }
}
