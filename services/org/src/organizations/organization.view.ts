import type { z } from 'zod';
import type { organizationResponse } from '../org.responses.js';
import type { OrganizationRow } from '../schema.js';

/** An organization as the old design showed it, with who owns it and how many belong to it. */
export function organizationView(row: OrganizationRow, owner: string, memberCount: number): z.infer<typeof organizationResponse> {
  return {
    organization_id: row.id,
    name: row.name,
    plan_tier: row.planTier,
    owner,
    member_count: memberCount,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
