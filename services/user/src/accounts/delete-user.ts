import type { Executor } from '@ops/db';
import { eq } from 'drizzle-orm';
import { users, type UserRow } from '../schema.js';
import { recordUserEvent } from './user-event.js';

/**
 * Deletes an account, by its owner or an administrator, with its `user.deleted` event. The row goes, so its
 * tokens are refused here at once; the other services refuse them when the event reaches them.
 */
export async function deleteUser(tx: Executor, user: UserRow, deletedBy: string, at: Date): Promise<void> {
  await tx.delete(users).where(eq(users.id, user.id));
  await recordUserEvent(tx, 'user.deleted', { user_id: user.id, email: user.email, deleted_by: deletedBy, deleted_at: at.toISOString() }, at);
}
