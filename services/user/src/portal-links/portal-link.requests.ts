import { z } from 'zod';

export const mintPortalLinkRequest = z.strictObject({
  org_id: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only'),
});
export type MintPortalLinkRequest = z.infer<typeof mintPortalLinkRequest>;
