import { isAllowedSource } from './sources.js';
import type { EventEnvelope } from './envelope.js';

/** Why a message on the stream is not delivered. */
export type RejectionReason = 'malformed' | 'type_mismatch' | 'source_not_allowed';

export interface Rejection {
  reason: RejectionReason;
  /** In words, for the operator reading the dead letter. */
  detail: string;
}

/**
 * What a consumer checks before it believes an envelope that parsed: routing goes by the subject, so the
 * envelope must be of the subject's type, and it must come from a source the catalog allows for that type
 * (the broker checks who published the subject; this checks what they claim inside it).
 */
export function distrust(subjectType: string, event: EventEnvelope): Rejection | null {
  if (event.type !== subjectType)
    return { reason: 'type_mismatch', detail: `envelope type ${event.type} on the subject of ${subjectType}` };
  if (!isAllowedSource(event.type, event.source))
    return { reason: 'source_not_allowed', detail: `source ${event.source} may not publish ${event.type}` };
  return null;
}
