import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { changedFields, email, id, isoTime } from '../fields.js';

const at = '2026-01-26T17:30:00.000Z';

export const organizationEvents = [
  defineEvent({
    type: 'organization.created',
    domain: 'organization',
    description: 'An organization was created; its creator is its owner.',
    data: z.strictObject({
      organization_id: id,
      name: z.string(),
      plan_tier: z.string(),
      owner: z.string(),
      /** The owner's user id: who they are, where `owner` (their email) is only how they are reached today. */
      owner_id: id,
      created_at: isoTime,
      member_count: z.number().int().nonnegative(),
    }),
    example: {
      organization_id: 'org_0194b8a2c3d47e5f',
      name: 'Test Organization',
      plan_tier: 'professional',
      owner: 'user@example.com',
      owner_id: 'usr_0194b8a2c3d47e5f',
      created_at: at,
      member_count: 1,
    },
  }),
  defineEvent({
    type: 'organization.updated',
    domain: 'organization',
    description: "An organization's name or plan changed.",
    data: z.strictObject({
      organization_id: id,
      name: z.string(),
      plan_tier: z.string(),
      changes: changedFields,
      updated_by: z.string(),
      updated_at: isoTime,
    }),
    example: {
      organization_id: 'org_0194b8a2c3d47e5f',
      name: 'Renamed Organization',
      plan_tier: 'professional',
      changes: ['name'],
      updated_by: 'user@example.com',
      updated_at: at,
    },
  }),
  defineEvent({
    type: 'organization.deleted',
    domain: 'organization',
    description: 'An organization was deleted.',
    data: z.strictObject({ organization_id: id, name: z.string(), deleted_by: z.string(), deleted_at: isoTime }),
    example: { organization_id: 'org_0194b8a2c3d47e5f', name: 'Test Organization', deleted_by: 'user@example.com', deleted_at: at },
  }),
  defineEvent({
    type: 'organization.member_removed',
    domain: 'organization',
    description: 'A member left an organization, was removed from it, or their account was deleted.',
    data: z.strictObject({
      organization_id: id,
      user_id: id,
      email,
      role: z.string(),
      removed_by: z.string(),
      removed_at: isoTime,
    }),
    example: {
      organization_id: 'org_0194b8a2c3d47e5f',
      user_id: 'usr_0194b8a2c3d47e5f',
      email: 'user@example.com',
      role: 'member',
      removed_by: 'owner@example.com',
      removed_at: at,
    },
  }),
] as const;
