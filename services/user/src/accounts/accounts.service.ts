import { Inject, Injectable } from '@nestjs/common';
import { TokenIssuer, type Principal } from '@ops/auth';
import type { Database, Executor } from '@ops/db';
import { newId } from '@ops/events';
import { ConflictError, NotFoundError, UnauthenticatedError } from '@ops/http';
import type { Logger } from '@ops/logger';
import { DATABASE, LOGGER } from '@ops/runtime';
import { eq } from 'drizzle-orm';
import { users, type UserRow } from '../schema.js';
import { LoginLimiter } from '../sessions/login-limiter.js';
import { revokeTokens } from '../sessions/token-revocation.js';
import { issueVerification, verificationEmail } from '../verification/email-verification.js';
import type { Mailer } from '../verification/mailer.js';
import type { LoginRequest, RegisterRequest } from './accounts.requests.js';
import { hashPassword, verifyPassword } from './password.js';
import { recordUserEvent } from './user-event.js';

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

  /** Creates the account and sends the address a verification token (after commit: a mail outage never blocks sign-up). */
  async register(input: RegisterRequest, role: 'user' | 'admin' = 'user'): Promise<UserRow> {
    const passwordHash = await hashPassword(input.password);
    const now = new Date();
    const { user, token } = await this.database.orm.transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({ id: newId('usr'), email: input.email, name: input.name, passwordHash, role, createdAt: now })
        .onConflictDoNothing({ target: users.email })
        .returning();
      if (!user) throw new ConflictError(`email: ${input.email} is already registered`);
      await recordUserEvent(tx, 'user.created', { user_id: user.id, email: user.email, name: user.name, subscription_tier: user.subscriptionTier, created_at: now.toISOString() }, now);
      return { user, token: await issueVerification(tx, user, this.settings.emailVerificationTtlMs) };
    });
    await this.sendVerification(user.email, token);
    return user;
  }

  async sendVerification(email: string, token: string): Promise<void> {
    await this.mailer.send(verificationEmail(email, token)).catch((err: unknown) => this.logger.warn({ err, email }, 'verification email not sent; the user can ask again'));
  }

  /** Signs in, within the limits on failed attempts per account and per address. */
  async login(input: LoginRequest, address: string) {
    await this.limiter.check(input.email, address);
    const [found] = await this.database.orm.select().from(users).where(eq(users.email, input.email));
    const valid = await verifyPassword(found?.passwordHash, input.password);
    if (!found || !valid) {
      await this.limiter.failed(input.email, address);
      throw new UnauthenticatedError('invalid email or password');
    }
    if (found.status !== 'active') throw new UnauthenticatedError('account suspended');
    await this.limiter.succeeded(input.email);
    const now = new Date();
    const user = await this.database.orm.transaction(async (tx) => {
      const [updated] = await tx.update(users).set({ lastLoginAt: now }).where(eq(users.id, found.id)).returning();
      if (!updated) throw new UnauthenticatedError('invalid email or password');
      await recordUserEvent(tx, 'user.login', { user_id: updated.id, email: updated.email, login_at: now.toISOString() }, now);
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
      await recordUserEvent(tx, 'user.logout', { user_id: user.id, email: user.email, logout_at: now.toISOString() }, now);
    });
  }

  async get(userId: string, executor: Executor = this.database.orm): Promise<UserRow> {
    const [user] = await executor.select().from(users).where(eq(users.id, userId));
    if (!user) throw new NotFoundError('user');
    return user;
  }

  /** Makes sure the configured platform administrator exists; safe when several replicas start at once. */
  async ensureAdmin(email: string, password: string): Promise<'created' | 'exists'> {
    try {
      await this.register({ email: email.toLowerCase(), password, name: 'Platform admin' }, 'admin');
      return 'created';
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      await this.database.orm.update(users).set({ role: 'admin' }).where(eq(users.email, email.toLowerCase()));
      return 'exists';
    }
  }
}
