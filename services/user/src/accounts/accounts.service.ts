import { Inject, Injectable } from '@nestjs/common';
import { TokenIssuer, type Principal } from '@ops/auth';
import type { Database, Executor } from '@ops/db';
import { newId } from '@ops/events';
import { NotFoundError, UnauthenticatedError } from '@ops/http';
import type { Logger } from '@ops/logger';
import { DATABASE, LOGGER } from '@ops/runtime';
import { eq } from 'drizzle-orm';
import { users, type UserRow } from '../schema.js';
import { LoginLimiter } from '../sessions/login-limiter.js';
import { revokeTokens } from '../sessions/token-revocation.js';
import { issueVerification, verificationEmail } from '../verification/email-verification.js';
import type { Email, Mailer } from '../verification/mailer.js';
import type { LoginRequest, RegisterRequest } from './accounts.requests.js';
import { alreadyRegisteredEmail } from './already-registered-email.js';
import { hashPassword, verifyPassword } from './password.js';
import { userEvents } from './user-events.js';

/** Injection token of the service's Mailer. */
export const MAILER = Symbol('MAILER');

export interface AccountSettings {
  emailVerificationTtlMs: number;
}
export const ACCOUNT_SETTINGS = Symbol('ACCOUNT_SETTINGS');

/**
 * Account use cases. Each state change and its event are written in one transaction; the outbox relay
 * publishes after commit, so no request waits for NATS or for any webhook receiver.
 */
@Injectable()
export class AccountsService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    @Inject(TokenIssuer) private readonly tokens: TokenIssuer,
    @Inject(LoginLimiter) private readonly limiter: LoginLimiter,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(ACCOUNT_SETTINGS) private readonly settings: AccountSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Creates the account and sends the address a verification token (after commit: a mail outage never blocks
   * sign-up). An address that has an account already gets the same answer, and its owner an email saying so:
   * registration must not tell anyone which addresses have accounts. That answer describes an account that was
   * never stored (its user_id matches nothing); the password hash is computed all the same, so it takes as long.
   */
  async register(input: RegisterRequest): Promise<UserRow> {
    const { user, created } = await this.create(input, 'user');
    if (created) await this.sendVerification(user.email, created.verificationToken);
    else await this.send(alreadyRegisteredEmail(user.email));
    return user;
  }

  /** The new account and its verification token, or the row it would have been when the email is taken. */
  private async create(
    input: RegisterRequest,
    role: 'user' | 'admin',
  ): Promise<{ user: UserRow; created: { verificationToken: string } | null }> {
    const passwordHash = await hashPassword(input.password);
    const now = new Date();
    const row = { id: newId('usr'), email: input.email, name: input.name, passwordHash, role, createdAt: now };
    return this.database.orm.transaction(async (tx) => {
      const [user] = await tx.insert(users).values(row).onConflictDoNothing({ target: users.email }).returning();
      if (!user) return { user: unsavedUser(row), created: null };
      await userEvents.write(tx, {
        type: 'user.created',
        orgId: null,
        time: now,
        data: {
          user_id: user.id,
          email: user.email,
          name: user.name,
          subscription_tier: user.subscriptionTier,
          created_at: now.toISOString(),
        },
      });
      return { user, created: { verificationToken: await issueVerification(tx, user, this.settings.emailVerificationTtlMs) } };
    });
  }

  async sendVerification(email: string, token: string): Promise<void> {
    await this.send(verificationEmail(email, token));
  }

  private async send(email: Email): Promise<void> {
    await this.mailer
      .send(email)
      .catch((err: unknown) => this.logger.warn({ err, to: email.to, subject: email.subject }, 'email not sent; the user can ask again'));
  }

  /** Signs in, within the limits on failed attempts per account and per address. */
  async login(input: LoginRequest, address: string) {
    await this.limiter.check(input.email, address);
    const [found] = await this.database.orm.select().from(users).where(eq(users.email, input.email));
    const valid = await verifyPassword(found?.passwordHash, input.password);
    // A suspended account answers as a wrong password would, in the same time: the reply must not confirm a
    // guessed password.
    if (!found || !valid || found.status !== 'active') {
      await this.limiter.failed(input.email, address);
      throw new UnauthenticatedError('invalid email or password');
    }
    await this.limiter.succeeded(input.email);
    const now = new Date();
    const user = await this.database.orm.transaction(async (tx) => {
      const [updated] = await tx.update(users).set({ lastLoginAt: now }).where(eq(users.id, found.id)).returning();
      if (!updated) throw new UnauthenticatedError('invalid email or password');
      await userEvents.write(tx, {
        type: 'user.login',
        orgId: null,
        time: now,
        data: { user_id: updated.id, email: updated.email, login_at: now.toISOString() },
      });
      return updated;
    });
    return { user, token: await this.issueToken(user) };
  }

  async issueToken(user: UserRow) {
    return this.tokens.issue({ userId: user.id, email: user.email, role: user.role, orgs: {} });
  }

  /** Signs out: every token of the user stops working (sign-out is everywhere; see docs/architecture.md). */
  async logout(principal: Principal): Promise<void> {
    const now = new Date();
    await this.database.orm.transaction(async (tx) => {
      const user = await this.get(principal.userId, tx);
      await revokeTokens(tx, user.id, now);
      await userEvents.write(tx, {
        type: 'user.logout',
        orgId: null,
        time: now,
        data: { user_id: user.id, email: user.email, logout_at: now.toISOString() },
      });
    });
  }

  async get(userId: string, executor: Executor = this.database.orm): Promise<UserRow> {
    const [user] = await executor.select().from(users).where(eq(users.id, userId));
    if (!user) throw new NotFoundError('user');
    return user;
  }

  /** Makes sure the configured platform administrator exists; safe when several replicas start at once. */
  async ensureAdmin(email: string, password: string): Promise<'created' | 'exists'> {
    const { created } = await this.create({ email: email.toLowerCase(), password, name: 'Platform admin' }, 'admin');
    if (created) return 'created';
    await this.database.orm.update(users).set({ role: 'admin' }).where(eq(users.email, email.toLowerCase()));
    return 'exists';
  }
}

/** The row a registration would have stored, as the answer for an address that has an account already. */
function unsavedUser(row: Pick<UserRow, 'id' | 'email' | 'name' | 'passwordHash' | 'role' | 'createdAt'>): UserRow {
  return {
    ...row,
    status: 'active',
    subscriptionTier: 'trial',
    avatarUrl: null,
    emailVerifiedAt: null,
    tokensRevokedAt: null,
    lastLoginAt: null,
  };
}
