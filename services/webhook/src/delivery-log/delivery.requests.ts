import { z } from 'zod';
import { deliveryStatuses } from '../schema.js';

export const listDeliveriesQuery = z.strictObject({
  status: z.enum(deliveryStatuses).optional(),
  event_type: z.string().min(1).max(100).optional(),
  /** Only the deliveries this replay created. */
  replay_id: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** The last id of the previous page; pages go from newest to oldest. */
  before: z.string().max(100).optional(),
});
export type ListDeliveriesQuery = z.infer<typeof listDeliveriesQuery>;

export const deliveryParams = z.strictObject({ id: z.string().min(1).max(100), deliveryId: z.string().min(1).max(100) });

export const recoverRequest = z
  .strictObject({
    /** Failed deliveries created from this time on are sent again. */
    since: z.iso.datetime({ offset: true }),
    /** Up to this time; default now. */
    until: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((r) => !r.until || Date.parse(r.until) >= Date.parse(r.since), { message: 'until must not be before since', path: ['until'] });
export type RecoverRequest = z.infer<typeof recoverRequest>;

/** An event id: `evt_` and a UUIDv7 when the platform made it, any id an outside publisher chose otherwise. */
export const eventDeliveriesParams = z.strictObject({ eventId: z.string().min(1).max(100) });
