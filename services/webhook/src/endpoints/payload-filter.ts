import { z } from 'zod';

/**
 * A condition on an event, evaluated before a delivery is created: all conditions of a filter must hold.
 * `path` is dotted, from the event as delivered: `data.tier`, `data.device.firmware`, `type`, `org_id`.
 */
const condition = z.discriminatedUnion('op', [
  z.strictObject({ path: z.string(), op: z.enum(['eq', 'neq']), value: z.union([z.string(), z.number(), z.boolean(), z.null()]) }),
  z.strictObject({
    path: z.string(),
    op: z.enum(['in', 'nin']),
    value: z
      .array(z.union([z.string(), z.number(), z.boolean(), z.null()]))
      .min(1)
      .max(100),
  }),
  z.strictObject({ path: z.string(), op: z.enum(['gt', 'gte', 'lt', 'lte']), value: z.number() }),
  z.strictObject({ path: z.string(), op: z.enum(['exists', 'absent']) }),
]);

const allowedRoots = new Set(['data', 'type', 'org_id', 'source']);

export const payloadFilter = z
  .array(
    condition.refine((c) => /^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*$/.test(c.path) && allowedRoots.has(c.path.split('.')[0]!), {
      message: 'path must be dotted names starting with data, type, org_id or source',
      path: ['path'],
    }),
  )
  .min(1)
  .max(20);

export type PayloadFilter = z.infer<typeof payloadFilter>;

function valueAt(event: Record<string, unknown>, path: string): unknown {
  let value: unknown = event;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Does the event satisfy every condition? Comparisons never coerce: `"5"` is not `5`. */
export function filterMatches(filter: PayloadFilter, event: Record<string, unknown>): boolean {
  // biome-ignore lint/suspicious/useIterableCallbackReturn: the switch covers every operator (tsc checks it), so each path returns.
  return filter.every((c) => {
    const value = valueAt(event, c.path);
    switch (c.op) {
      case 'eq':
        return value === c.value;
      case 'neq':
        return value !== c.value;
      case 'in':
        return c.value.some((v) => v === value);
      case 'nin':
        return !c.value.some((v) => v === value);
      case 'gt':
        return typeof value === 'number' && value > c.value;
      case 'gte':
        return typeof value === 'number' && value >= c.value;
      case 'lt':
        return typeof value === 'number' && value < c.value;
      case 'lte':
        return typeof value === 'number' && value <= c.value;
      case 'exists':
        return value !== undefined;
      case 'absent':
        return value === undefined;
    }
  });
}
