import type { MemberRow } from '../schema.js';

export function memberView(row: MemberRow) {
  return { user_id: row.userId, email: row.email, role: row.role, added_by: row.addedBy, added_at: row.addedAt.toISOString() };
}
