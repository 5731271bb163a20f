import { isoTimestamp } from '@ops/http';
import { z } from 'zod';
import { memberRoles } from './schema.js';

/* What the organization API answers: the views are typed by these, @Returns documents them. */

export const organizationResponse = z
  .object({
    organization_id: z.string(),
    name: z.string(),
    plan_tier: z.string(),
    owner: z.string(),
    member_count: z.number().int(),
    created_at: isoTimestamp(),
    updated_at: isoTimestamp(),
  })
  .meta({ id: 'Organization' });

export const memberResponse = z
  .object({ user_id: z.string(), email: z.string(), role: z.enum(memberRoles), added_by: z.string(), added_at: isoTimestamp() })
  .meta({ id: 'Member' });

export const organizationsResponse = z.object({ data: z.array(organizationResponse) });
export const membersResponse = z.object({ data: z.array(memberResponse) });

/** The caller's role in each organization, by organization id. */
export const membershipsResponse = z.object({ memberships: z.record(z.string(), z.enum(memberRoles)) });
