import type { z } from 'zod';
import type { memberResponse } from '../org.responses.js';
import type { MemberRow } from '../schema.js';

export function memberView(row: MemberRow): z.infer<typeof memberResponse> {
  return { user_id: row.userId, email: row.email, role: row.role, added_by: row.addedBy, added_at: row.addedAt.toISOString() };
}
