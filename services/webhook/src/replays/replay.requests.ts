import { z } from 'zod';
import { subscriptions } from '../endpoints/endpoint.requests.js';

const seq = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const time = z.iso.datetime({ offset: true });

/**
 * A replay reads a range of the stream: by time (`from_time`, `to_time`) or by sequence (`from_seq`, `to_seq`),
 * never a mix; the end is optional (up to the newest event when the replay starts). Times are when the stream
 * stored the events.
 */
export const createReplayRequest = z
  .strictObject({
    from_time: time.optional(),
    to_time: time.optional(),
    from_seq: seq.optional(),
    to_seq: seq.optional(),
    /** Only these event types or families; all when left out. */
    event_types: subscriptions.optional(),
    /** One endpoint; left out, every endpoint the events match (of `org_id`, or all for a platform admin). */
    endpoint_id: z.string().min(1).max(100).optional(),
    org_id: z.string().min(1).max(100).optional(),
  })
  .superRefine((r, ctx) => {
    const byTime = r.from_time !== undefined || r.to_time !== undefined;
    const bySeq = r.from_seq !== undefined || r.to_seq !== undefined;
    if (byTime && bySeq)
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'give a time range (from_time, to_time) or a sequence range (from_seq, to_seq), not both',
      });
    else if (byTime && r.from_time === undefined) ctx.addIssue({ code: 'custom', path: ['from_time'], message: 'required with to_time' });
    else if (bySeq && r.from_seq === undefined) ctx.addIssue({ code: 'custom', path: ['from_seq'], message: 'required with to_seq' });
    else if (!byTime && !bySeq)
      ctx.addIssue({ code: 'custom', path: ['from_time'], message: 'give from_time or from_seq: where the replay starts' });
    if (r.from_time && r.to_time && Date.parse(r.to_time) < Date.parse(r.from_time))
      ctx.addIssue({ code: 'custom', path: ['to_time'], message: 'must not be before from_time' });
    if (r.from_seq !== undefined && r.to_seq !== undefined && r.to_seq < r.from_seq)
      ctx.addIssue({ code: 'custom', path: ['to_seq'], message: 'must not be below from_seq' });
    if (r.endpoint_id && r.org_id)
      ctx.addIssue({
        code: 'custom',
        path: ['org_id'],
        message: 'give endpoint_id or org_id, not both (an endpoint belongs to one organization)',
      });
  });
export type CreateReplayRequest = z.infer<typeof createReplayRequest>;

export const replayParams = z.strictObject({ id: z.string().min(1).max(100) });

export const listReplaysQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** The last id of the previous page; pages go from newest to oldest. */
  before: z.string().max(100).optional(),
});
export type ListReplaysQuery = z.infer<typeof listReplaysQuery>;
