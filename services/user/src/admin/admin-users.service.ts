import { Inject, Injectable } from '@nestjs/common';
import { isPlatformAdmin, type Principal } from '@ops/auth';
import type { Database } from '@ops/db';
import { ConflictError, ForbiddenError } from '@ops/http';
import { DATABASE } from '@ops/runtime';
import { and, asc, eq, gt, ne } from 'drizzle-orm';
import type { AdminUpdateUserRequest, ListUsersQuery } from '../accounts/accounts.requests.js';
import { ACCOUNT_SETTINGS, AccountsService, type AccountSettings } from '../accounts/accounts.service.js';
import { deleteUser } from '../accounts/delete-user.js';
import { userEvents } from '../accounts/user-events.js';
import { users, type UserRow } from '../schema.js';
import { revokeTokens } from '../sessions/token-revocation.js';
import { issueVerification } from '../verification/email-verification.js';

/**
 * Platform administrators over accounts: list, change role, email or status, delete. A change ends the
 * user's sessions (role, email and status are in their tokens). Administrators cannot demote, suspend or
 * delete themselves here, so that the platform is never left without one by mistake.
 */
@Injectable()
export class AdminUsersService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(AccountsService) private readonly accounts: AccountsService,
    @Inject(ACCOUNT_SETTINGS) private readonly settings: AccountSettings,
  ) {}

  list(principal: Principal, query: ListUsersQuery): Promise<UserRow[]> {
    this.mustBeAdmin(principal);
    return this.database.orm
      .select()
      .from(users)
      .where(query.after ? gt(users.id, query.after) : undefined)
      .orderBy(asc(users.id))
      .limit(query.limit);
  }

  get(principal: Principal, id: string): Promise<UserRow> {
    this.mustBeAdmin(principal);
    return this.accounts.get(id);
  }

  async update(principal: Principal, id: string, input: AdminUpdateUserRequest): Promise<UserRow> {
    this.mustBeAdmin(principal);
    if (id === principal.userId && (input.role === 'user' || input.status === 'suspended'))
      throw new ConflictError('you cannot demote or suspend yourself');
    const now = new Date();
    const { user, token } = await this.database.orm.transaction(async (tx) => {
      const current = await this.accounts.get(id, tx);
      const changes = (['role', 'email', 'status'] as const).filter((f) => input[f] !== undefined && input[f] !== current[f]);
      if (changes.length === 0) return { user: current, token: undefined };
      if (input.email !== undefined && changes.includes('email')) {
        const [taken] = await tx
          .select({ id: users.id })
          .from(users)
          .where(and(eq(users.email, input.email), ne(users.id, id)));
        if (taken) throw new ConflictError(`email: ${input.email} is already registered`);
      }
      const [user] = await tx
        .update(users)
        .set({
          ...(input.role && { role: input.role }),
          ...(input.status && { status: input.status }),
          ...(input.email && { email: input.email, emailVerifiedAt: null }),
        })
        .where(eq(users.id, id))
        .returning();
      await revokeTokens(tx, id, now);
      await userEvents.write(tx, {
        type: 'user.updated',
        orgId: null,
        time: now,
        data: {
          user_id: id,
          email: user!.email,
          role: user!.role,
          status: user!.status,
          changes: [...changes],
          updated_by: principal.email,
          updated_at: now.toISOString(),
        },
      });
      // A new address is unverified until its owner confirms it.
      const token = changes.includes('email') ? await issueVerification(tx, user!, this.settings.emailVerificationTtlMs) : undefined;
      return { user: user!, token };
    });
    if (token) await this.accounts.sendVerification(user.email, token);
    return user;
  }

  async delete(principal: Principal, id: string): Promise<void> {
    this.mustBeAdmin(principal);
    if (id === principal.userId) throw new ConflictError('you cannot delete yourself here: use DELETE /auth/me');
    const now = new Date();
    await this.database.orm.transaction(async (tx) => deleteUser(tx, await this.accounts.get(id, tx), principal.email, now));
  }

  private mustBeAdmin(principal: Principal): void {
    if (!isPlatformAdmin(principal)) throw new ForbiddenError('platform administrators only');
  }
}
