import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@ops/auth';
import type { Database } from '@ops/db';
import { ConflictError, ForbiddenError, ValidationError } from '@ops/http';
import { DATABASE } from '@ops/runtime';
import { and, eq, gt } from 'drizzle-orm';
import type { ChangePasswordRequest, UpdateProfileRequest } from '../accounts/accounts.requests.js';
import { ACCOUNT_SETTINGS, AccountsService, type AccountSettings } from '../accounts/accounts.service.js';
import { deleteUser } from '../accounts/delete-user.js';
import { hashPassword, verifyPassword } from '../accounts/password.js';
import { userEvents } from '../accounts/user-events.js';
import { emailVerifications, users, type UserRow } from '../schema.js';
import { revokeTokens } from '../sessions/token-revocation.js';
import { hashToken, issueVerification } from '../verification/email-verification.js';

/** What users do to their own account: profile, password, email verification, deletion. */
@Injectable()
export class ProfileService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(AccountsService) private readonly accounts: AccountsService,
    @Inject(ACCOUNT_SETTINGS) private readonly settings: AccountSettings,
  ) {}

  /** Name and avatar; `user.profile_updated` names what changed, and nothing is written when nothing did. */
  async update(principal: Principal, input: UpdateProfileRequest): Promise<UserRow> {
    const now = new Date();
    return this.database.orm.transaction(async (tx) => {
      const current = await this.accounts.get(principal.userId, tx);
      const changes = [
        ...(input.name !== undefined && input.name !== current.name ? ['name'] : []),
        ...(input.avatar_url !== undefined && input.avatar_url !== current.avatarUrl ? ['avatar_url'] : []),
      ];
      if (changes.length === 0) return current;
      const [user] = await tx
        .update(users)
        .set({
          ...(input.name !== undefined && { name: input.name }),
          ...(input.avatar_url !== undefined && { avatarUrl: input.avatar_url }),
        })
        .where(eq(users.id, current.id))
        .returning();
      await userEvents.write(tx, {
        type: 'user.profile_updated',
        orgId: null,
        time: now,
        data: {
          user_id: user!.id,
          email: user!.email,
          name: user!.name,
          avatar_url: user!.avatarUrl,
          changes,
          updated_at: now.toISOString(),
        },
      });
      return user!;
    });
  }

  /** Needs the current password; ends every session, and returns a fresh token for this one. */
  async changePassword(principal: Principal, input: ChangePasswordRequest) {
    const current = await this.accounts.get(principal.userId);
    if (!(await verifyPassword(current.passwordHash, input.current_password))) throw new ForbiddenError('current_password does not match');
    const passwordHash = await hashPassword(input.new_password);
    const now = new Date();
    await this.database.orm.transaction(async (tx) => {
      await tx.update(users).set({ passwordHash }).where(eq(users.id, current.id));
      await revokeTokens(tx, current.id, now);
      await userEvents.write(tx, {
        type: 'user.password_changed',
        orgId: null,
        time: now,
        data: { user_id: current.id, email: current.email, changed_at: now.toISOString() },
      });
    });
    return { user: current, token: await this.accounts.issueToken(current) };
  }

  /** Confirms an address with the token emailed to it; the token works once, and only for that address. */
  async verifyEmail(token: string): Promise<UserRow> {
    const now = new Date();
    return this.database.orm.transaction(async (tx) => {
      const [found] = await tx
        .delete(emailVerifications)
        .where(and(eq(emailVerifications.tokenHash, hashToken(token)), gt(emailVerifications.expiresAt, now)))
        .returning();
      const [user] = found
        ? await tx
            .update(users)
            .set({ emailVerifiedAt: now })
            .where(and(eq(users.id, found.userId), eq(users.email, found.email)))
            .returning()
        : [];
      if (!user) throw new ValidationError([{ path: 'token', message: 'unknown, used or expired: ask for a new one' }]);
      await userEvents.write(tx, {
        type: 'user.email_verified',
        orgId: null,
        time: now,
        data: { user_id: user.id, email: user.email, verified_at: now.toISOString() },
      });
      return user;
    });
  }

  async resendVerification(principal: Principal): Promise<void> {
    const { user, token } = await this.database.orm.transaction(async (tx) => {
      const user = await this.accounts.get(principal.userId, tx);
      if (user.emailVerifiedAt) throw new ConflictError(`${user.email} is already verified`);
      return { user, token: await issueVerification(tx, user, this.settings.emailVerificationTtlMs) };
    });
    await this.accounts.sendVerification(user.email, token);
  }

  async deleteOwn(principal: Principal): Promise<void> {
    const now = new Date();
    await this.database.orm.transaction(async (tx) => deleteUser(tx, await this.accounts.get(principal.userId, tx), principal.email, now));
  }
}
