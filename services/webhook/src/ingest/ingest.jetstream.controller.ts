import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@ops/events';
import { JETSTREAM, type JetStreamContext } from '@ops/messaging';
import { currentTraceparent } from '@ops/tracing';
import { Batcher } from '../batcher.js';
import type { ReceivedEvent } from '../delivery-store/index.js';

/** Injection token of the batcher that records deliveries for received events. */
export const INGEST_BATCHER = Symbol('INGEST_BATCHER');

/** Every event of the stream comes through here; it is acked when its deliveries are committed. */
@Controller()
export class IngestController {
  constructor(@Inject(INGEST_BATCHER) private readonly batcher: Batcher<ReceivedEvent>) {}

  @EventPattern<string>('>', JETSTREAM)
  async ingest(@Payload() event: EventEnvelope, @Ctx() context: unknown): Promise<void> {
    // Runs in the consumer's span: its context is stored with the event for the attempts to continue.
    await this.batcher.add({ event, streamSeq: (context as JetStreamContext).getStreamSequence(), traceContext: currentTraceparent() });
  }
}
