import type { DomainEventTypes } from '@ops/events';
import { EventWriter, type EventToWrite } from '@ops/outbox';
import { outbox, type MemberRow } from './schema.js';

/** Organization events, each under the organization it is about, written in the caller's transaction. */
export const organizationEvents = new EventWriter<DomainEventTypes['organization']>(outbox, 'org');

/**
 * `organization.member_removed`: a member left, was removed, or their account went. Other services follow it
 * to stop treating the person as part of the organization (billing events, roles).
 */
export function memberRemoved(member: MemberRow, removedBy: string, time: Date): EventToWrite<'organization.member_removed'> {
  return {
    type: 'organization.member_removed',
    orgId: member.orgId,
    time,
    data: {
      organization_id: member.orgId,
      user_id: member.userId,
      email: member.email,
      role: member.role,
      removed_by: removedBy,
      removed_at: time.toISOString(),
    },
  };
}
