import { z } from 'zod';

export const rotateSecretRequest = z.strictObject({
  /** How long the previous secret keeps signing alongside the new one. Default 24 h, at most 7 days. */
  overlap_seconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3600)
    .default(24 * 3600),
});
export type RotateSecretRequest = z.infer<typeof rotateSecretRequest>;
