import type { Executor } from '@ops/db';
import { eq } from 'drizzle-orm';
import { users, type UserRow } from '../schema.js';
import { userEvents } from './user-events.js';

/**
 * Deletes an account, by its owner or an administrator, with its `user.deleted` event. The row goes, so its
 * tokens are refused here at once; the other services refuse them when the event reaches them.
 */
export async function deleteUser(tx: Executor, user: UserRow, deletedBy: string, at: Date): Promise<void> {
  await tx.delete(users).where(eq(users.id, user.id));
  await userEvents.write(tx, {
    type: 'user.deleted',
    orgId: null,
    time: at,
    data: { user_id: user.id, email: user.email, deleted_by: deletedBy, deleted_at: at.toISOString() },
  });
}
