import { z } from 'zod';

/** The span a series covers, and the width of its buckets. */
export const seriesWindows = {
  hour: { spanMs: 3_600_000, bucketMs: 60_000 },
  day: { spanMs: 86_400_000, bucketMs: 3_600_000 },
} as const;

export const endpointStatsQuery = z.strictObject({
  /** `hour`: 60 one-minute buckets; `day`: 24 one-hour buckets. */
  window: z.enum(['hour', 'day']).default('hour'),
});
export type EndpointStatsQuery = z.infer<typeof endpointStatsQuery>;
