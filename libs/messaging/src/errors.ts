import type { Rejection } from '@ops/events';

/** A JetStream publish got no positive ack: the event is still in the outbox and will be retried. */
export class PublishError extends Error {
  readonly code = 'OPS_ERR_PUBLISH';
  constructor(
    readonly eventId: string,
    cause: unknown,
  ) {
    super(`publish of ${eventId} was not acknowledged: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'PublishError';
  }
}

/** Why a message is not an event, in one line: the JSON error, or the fields the envelope schema refused. */
export function malformedDetail(cause: unknown): string {
  const issues = (cause as { issues?: Array<{ path: PropertyKey[]; message: string }> }).issues;
  if (issues) return issues.map((i) => `${i.path.map(String).join('.') || '(envelope)'}: ${i.message}`).join('; ');
  return cause instanceof Error ? cause.message : String(cause);
}

/** A message a consumer will not handle (not an event, or an event it does not trust); kept as a dead letter. */
export class RejectedMessageError extends Error {
  readonly code = 'OPS_ERR_REJECTED_MESSAGE';
  constructor(
    readonly subject: string,
    readonly seq: number,
    readonly rejection: Rejection,
  ) {
    super(`message ${seq} on ${subject} rejected (${rejection.reason}): ${rejection.detail}`);
    this.name = 'RejectedMessageError';
  }
}
