import type { Executor } from '@ops/db';
import { eventWriter } from '@ops/outbox';
import { outbox, type MemberRow } from './schema.js';

/** Organization events, each under the organization it is about. */
export const recordOrganizationEvent = eventWriter(outbox, 'org');

/**
 * `organization.member_removed`, in the caller's transaction: a member left, was removed, or their account went.
 * Other services follow it to stop treating the person as part of the organization (billing events, roles).
 */
export function recordMemberRemoved(tx: Executor, member: MemberRow, removedBy: string, time: Date): Promise<void> {
  return recordOrganizationEvent(tx, 'organization.member_removed', {
    organization_id: member.orgId, user_id: member.userId, email: member.email, role: member.role, removed_by: removedBy, removed_at: time.toISOString(),
  }, { orgId: member.orgId, time });
}
