import { z } from 'zod';
import { payloadFilter } from './payload-filter.js';
import { subscriptionProblem } from './subscription.js';

const url = z
  .string()
  .max(2048)
  .refine((value) => {
    try {
      const parsed = new URL(value);
      return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be an absolute http:// or https:// URL')
  .refine(
    (value) => !URL.canParse(value) || (new URL(value).username === '' && new URL(value).password === ''),
    'must not carry credentials',
  );

/** Event types, families (`user.*`) or `*`: what an endpoint subscribes to, or what a replay reads. */
export const subscriptions = z
  .array(z.string().max(100))
  .min(1, 'subscribe to at least one event type')
  .max(100)
  .superRefine((patterns, ctx) => {
    patterns.forEach((pattern, i) => {
      const problem = subscriptionProblem(pattern);
      if (problem) ctx.addIssue({ code: 'custom', path: [i], message: problem });
    });
  })
  .transform((patterns) => [...new Set(patterns)]);

/** Flow control: set on the endpoint, null for the defaults. */
const maxConcurrency = z.number().int().min(1).max(100).nullable();
const rateLimitPerSecond = z.number().min(0.01).max(10_000).nullable();

export const createEndpointRequest = z.strictObject({
  url,
  events: subscriptions,
  description: z.string().max(500).default(''),
  active: z.boolean().default(true),
  /** The organization that owns the endpoint; omitted by a platform admin for a platform endpoint. */
  org_id: z.string().min(1).max(100).optional(),
  max_concurrency: maxConcurrency.default(null),
  rate_limit_per_second: rateLimitPerSecond.default(null),
  filter: payloadFilter.nullable().default(null),
  ordered: z.boolean().default(false),
  /** Send each attempt's W3C `traceparent` to this endpoint (off: our trace ids stay inside). */
  send_trace_context: z.boolean().default(false),
});
export type CreateEndpointRequest = z.infer<typeof createEndpointRequest>;

export const updateEndpointRequest = z
  .strictObject({
    url: url.optional(),
    events: subscriptions.optional(),
    description: z.string().max(500).optional(),
    active: z.boolean().optional(),
    max_concurrency: maxConcurrency.optional(),
    rate_limit_per_second: rateLimitPerSecond.optional(),
    filter: payloadFilter.nullable().optional(),
    ordered: z.boolean().optional(),
    send_trace_context: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change');
export type UpdateEndpointRequest = z.infer<typeof updateEndpointRequest>;

export const endpointParams = z.strictObject({ id: z.string().min(1).max(100) });

export const listEndpointsQuery = z.strictObject({
  org_id: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** The last id of the previous page. */
  after: z.string().max(100).optional(),
});
export type ListEndpointsQuery = z.infer<typeof listEndpointsQuery>;
