import { planTiers } from '@ops/events';
import { z } from 'zod';

const name = z.string().trim().min(1).max(200);
const planTier = z.enum(planTiers);

export const createOrganizationRequest = z.strictObject({ name, plan_tier: planTier });
export type CreateOrganizationRequest = z.infer<typeof createOrganizationRequest>;

export const updateOrganizationRequest = z
  .strictObject({ name: name.optional(), plan_tier: planTier.optional() })
  .refine((r) => r.name !== undefined || r.plan_tier !== undefined, { message: 'give name or plan_tier: nothing to change' });
export type UpdateOrganizationRequest = z.infer<typeof updateOrganizationRequest>;

export const organizationParams = z.strictObject({ id: z.string().min(1).max(100) });
