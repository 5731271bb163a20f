/** A JetStream publish got no positive ack: the event is still in the outbox and will be retried. */
export class PublishError extends Error {
  readonly code = 'OPS_ERR_PUBLISH';
  constructor(readonly eventId: string, cause: unknown) {
    super(`publish of ${eventId} was not acknowledged: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'PublishError';
  }
}

/** A message on the stream is not an event envelope; it is terminated, not retried forever. */
export class MalformedMessageError extends Error {
  readonly code = 'OPS_ERR_MALFORMED_MESSAGE';
  constructor(readonly subject: string, readonly seq: number, cause: unknown) {
    super(`message ${seq} on ${subject} is not a valid event`, { cause });
    this.name = 'MalformedMessageError';
  }
}
